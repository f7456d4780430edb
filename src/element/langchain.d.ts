// Types for importing langchain.js by itself (in Node or a worker, without the wasm or the
// DOM). The declarations live in countersign.d.ts; this file names the ones langchain.js has.
export type {
  LangChainDecisionType, LangChainActionRequest, LangChainInterruptValue, LangChainJsInterruptValue,
  LangChainInterrupt, LangChainDecision, LangChainResume, ReviewItem, ReviewResult,
} from './countersign.js';
export { fromLangChainInterrupt, toLangChainResume } from './countersign.js';
