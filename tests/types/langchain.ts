// A server's or worker's use of langchain.js on its own, type-checked against
// src/element/langchain.d.ts (shipped as dist/langchain.d.ts).
import { fromLangChainInterrupt, toLangChainResume, type LangChainResume, type ReviewItem } from '../../src/element/langchain.js';

const items: ReviewItem[] = fromLangChainInterrupt({ actionRequests: [{ name: 'search', args: { query: 'x' } }] }, { id: 'run-1' });
const resume: LangChainResume = toLangChainResume([]);
void items;
void resume;
// @ts-expect-error: the interrupt needs its action requests.
fromLangChainInterrupt({ review_configs: [] });
// @ts-expect-error: langchain.js has no element to define.
import('../../src/element/langchain.js').then((module) => module.define());
