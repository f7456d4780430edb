// LangChain's human-in-the-loop interrupts in and out. `fromLangChainInterrupt` turns the
// interrupt value of LangChain's HumanInTheLoopMiddleware into ReviewItems;
// `toLangChainResume` turns the person's ReviewResults into the value the graph resumes with.
// Both spellings are read: Python's (`action_requests`, `allowed_decisions`, `edited_action`)
// and LangChain.js's (`actionRequests`, `allowedDecisions`, `editedAction`); the resume value
// is written in the spelling the interrupt came in. Plain JS without the wasm, so it also runs
// in Node and in a worker.

const ALL_DECISIONS = ['approve', 'edit', 'reject', 'respond'];
const BODY_KEYS = ['body', 'content', 'text', 'message'];

/** Turns a HumanInTheLoopMiddleware interrupt (its value, or the `{ id, value }` Interrupt) into ReviewItems. */
export function fromLangChainInterrupt(interrupt, options = {}) {
  const value = isObject(interrupt?.value) && !has(interrupt, 'action_requests', 'actionRequests') ? interrupt.value : interrupt;
  if (!isObject(value)) fail('the interrupt must be an object with action_requests');
  const casing = 'actionRequests' in value ? 'camel' : 'snake';
  const requests = casing === 'camel' ? value.actionRequests : value.action_requests;
  const configs = (casing === 'camel' ? value.reviewConfigs : value.review_configs) ?? [];
  if (!Array.isArray(requests) || requests.length === 0) fail('action_requests must be a non-empty array');
  if (!Array.isArray(configs)) fail('review_configs must be an array');
  const interruptId = String(options.id ?? interrupt.id ?? `lc-${hash(JSON.stringify(requests))}`);
  return requests.map((request, index) => {
    const at = `action_requests[${index}]`;
    if (!isObject(request) || typeof request.name !== 'string' || request.name === '') fail(`${at}.name must be a non-empty string`);
    const args = request.args ?? request.arguments ?? {};
    if (!isObject(args)) fail(`${at}.args must be an object`);
    const config = configs.find((entry) => isObject(entry) && (entry.action_name ?? entry.actionName) === request.name);
    const allowed = config ? (config.allowed_decisions ?? config.allowedDecisions) : ['approve', 'edit', 'reject'];
    if (!Array.isArray(allowed) || allowed.some((decision) => !ALL_DECISIONS.includes(decision))) {
      fail(`the allowed decisions of ${request.name} must be a list of ${ALL_DECISIONS.join(', ')}`);
    }
    const description = request.description ?? config?.description;
    const langchain = { interrupt: interruptId, index, count: requests.length, name: request.name, args, allowed, casing };
    const item = {
      id: `${interruptId}:${index}`,
      title: request.name,
      ...draftFor(args, allowed, langchain),
      policy: {
        // Without `approve`, approving needs an edit first (which resumes as `edit` or
        // `respond`): an answer to write is never sent empty, a call never passed unread.
        allow_approve: allowed.includes('approve'),
        allow_edit: allowed.includes('edit') || allowed.includes('respond'),
        allow_reject: allowed.includes('reject'),
        // The person's feedback goes back as a rejection's message, which the agent reads
        // before it tries again.
        allow_regenerate: allowed.includes('reject'),
        // LangChain resumes only with a decision for every action.
        allow_skip: false,
      },
      metadata: { langchain },
    };
    if (typeof description === 'string' && description.trim() !== '') item.rationale = { summary: description };
    return item;
  });
}

/** The draft for an action: an answer to write, an email for subject and body arguments, else a message. */
function draftFor(args, allowed, langchain) {
  // First an "ask the user" action, even one with email-like arguments: the person writes
  // the answer, and approving the agent's own text unread must not send it as theirs.
  if (allowed.includes('respond') && !allowed.includes('approve') && !allowed.includes('edit')) {
    langchain.edit = { respond: true };
    return { kind: 'message', draft: { body: '' }, context: { fields: stringFields(args) } };
  }
  const bodyKey = BODY_KEYS.find((key) => typeof args[key] === 'string' && args[key].trim() !== '');
  if (typeof args.subject === 'string' && bodyKey) {
    langchain.edit = { subject: 'subject', body: bodyKey };
    const recipient = [args.to, args.recipient, args.email].find((value) => typeof value === 'string');
    const { subject, [bodyKey]: body, ...rest } = args;
    return {
      kind: 'email',
      draft: { subject, body },
      context: { ...(recipient ? { recipient: { email: recipient } } : {}), fields: stringFields(rest) },
    };
  }
  const keys = Object.keys(args);
  if (keys.length === 1 && typeof args[keys[0]] === 'string') {
    langchain.edit = { text: keys[0] };
    return { kind: 'message', draft: { body: args[keys[0]] } };
  }
  langchain.edit = { json: true };
  // `format: 'json'`: the widget shows it as code and approves it only while it parses.
  return { kind: 'message', draft: { body: JSON.stringify(args, null, 2), format: 'json' } };
}

/** Turns ReviewResults of one interrupt's items into `{ decisions: [...] }`, in the actions' order. */
export function toLangChainResume(results, options = {}) {
  if (!Array.isArray(results)) fail('toLangChainResume takes an array of ReviewResults');
  const ours = results.filter((result) => isObject(result?.metadata?.langchain));
  for (const { item_id: id, metadata: { langchain } } of ours) {
    if (!written(langchain)) fail(`the result for ${id} has a metadata.langchain that fromLangChainInterrupt did not write`);
  }
  const interrupts = [...new Set(ours.map((result) => result.metadata.langchain.interrupt))];
  const interruptId = options.interrupt ?? interrupts[0];
  if (interruptId === undefined) fail('none of the results is of a LangChain interrupt');
  if (options.interrupt === undefined && interrupts.length > 1) {
    fail(`the results are of ${interrupts.length} interrupts (${interrupts.join(', ')}); pass { interrupt } to pick one`);
  }
  // The latest result for each action wins: a decision taken back and taken again is sent twice.
  const latest = new Map();
  for (const result of ours) {
    if (result.metadata.langchain.interrupt === interruptId) latest.set(result.metadata.langchain.index, result);
  }
  const first = latest.values().next().value;
  if (first === undefined) fail(`no result is of interrupt ${interruptId}`);
  const { count, casing } = first.metadata.langchain;
  const decisions = [];
  for (let index = 0; index < count; index += 1) {
    const result = latest.get(index);
    if (!result) fail(`action ${index} of interrupt ${interruptId} has no decision yet`);
    decisions.push(decisionFor(result, casing));
  }
  return { decisions };
}

/**
 * Whether `langchain` is as fromLangChainInterrupt writes it: an interrupt, a whole index below
 * a whole count, a name, args as an object, allowed as a list of LangChain's decisions, and an
 * edit rule. The reference server's export (server/src/export/langchain.rs) leaves out what
 * fails the same test.
 */
function written(langchain) {
  const { interrupt, index, count, name, args, allowed, edit } = langchain;
  const rule = isObject(edit) && (edit.respond === true || edit.json === true || named(edit, 'text') || (named(edit, 'subject') && named(edit, 'body')));
  return typeof interrupt === 'string' && Number.isInteger(index) && Number.isInteger(count) && index >= 0 && index < count
    && named(langchain, 'name') && isObject(args)
    && Array.isArray(allowed) && allowed.every((decision) => ALL_DECISIONS.includes(decision)) && rule;
}

/** One action's decision from the person's result. */
function decisionFor(result, casing) {
  const { name, args, allowed, edit, index } = result.metadata.langchain;
  const may = (decision) => allowed.includes(decision);
  const text = result.final?.body ?? '';
  const about = `action ${index} (${name})`;
  switch (result.decision) {
    case 'approved':
      // The person's text is the answer when the action takes one and its arguments cannot
      // be edited: an "ask the user" action, or an edit where only `respond` can carry it.
      if (may('respond') && !may('edit') && (result.edited || !may('approve'))) {
        if (text.trim() === '') fail(`${about}: the answer is empty`);
        return { type: 'respond', message: text };
      }
      if (!result.edited && may('approve')) return { type: 'approve' };
      if (may('edit')) {
        const action = { name, args: result.edited ? editedArgs(args, edit, result.final ?? {}, about) : args };
        return casing === 'camel' ? { type: 'edit', editedAction: action } : { type: 'edit', edited_action: action };
      }
      return fail(`${about} was approved, but it allows only ${allowed.join(', ')}`);
    case 'rejected':
    case 'regenerate': {
      if (!may('reject')) fail(`${about} was ${result.decision === 'rejected' ? 'rejected' : 'sent back'}, but it allows only ${allowed.join(', ')}`);
      // The same words as the reference server's LangChain export.
      return result.decision === 'rejected'
        ? { type: 'reject', message: said(result, 'comment', 'feedback') ?? 'Rejected by the reviewer.' }
        : { type: 'reject', message: said(result, 'feedback', 'comment') ?? 'Write another draft.' };
    }
    default:
      return fail(`${about} was ${result.decision}; LangChain needs a decision for every action`);
  }
}

/** What the person said: the `first` text, else the `second`, else the reason codes joined. */
function said(result, first, second) {
  const text = [result[first], result[second]].find((value) => typeof value === 'string' && value.trim() !== '');
  const reasons = (result.reasons ?? []).filter((reason) => typeof reason === 'string');
  return text ?? (reasons.length ? reasons.join(', ') : undefined);
}

/** The action's arguments with the person's edits; a subject or body left out (or null) keeps the argument as it was. */
function editedArgs(args, edit, final, about) {
  if (named(edit, 'subject') && named(edit, 'body')) return { ...args, [edit.subject]: final.subject ?? args[edit.subject], [edit.body]: final.body ?? args[edit.body] };
  if (named(edit, 'text')) return { ...args, [edit.text]: final.body ?? args[edit.text] };
  let parsed;
  try {
    parsed = JSON.parse(final.body ?? '');
  } catch (error) {
    fail(`${about}: the edited arguments are not JSON (${error.message})`);
  }
  if (!isObject(parsed)) fail(`${about}: the edited arguments must be a JSON object`);
  return parsed;
}

/** Arguments as the context's fields, which are text. */
function stringFields(args) {
  return Object.fromEntries(Object.entries(args).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
}

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Whether `value[key]` is a non-empty string: the one test for a name, here and in the server's export. */
const named = (value, key) => typeof value[key] === 'string' && value[key] !== '';
const has = (value, ...keys) => isObject(value) && keys.some((key) => key in value);

function fail(message) {
  throw new TypeError(`countersign: ${message}`);
}

/** FNV-1a of `text` in hex: the same interrupt gives the same item ids, so a reload resumes it. */
function hash(text) {
  let value = 0x811c9dc5;
  for (let at = 0; at < text.length; at += 1) value = Math.imul(value ^ text.charCodeAt(at), 0x01000193) >>> 0;
  return value.toString(16).padStart(8, '0');
}
