// Types for countersign.js: the <countersign-review> element, its JSON and its events.

export type Kind = 'email' | 'social_post' | 'message' | 'lead_list';
export type Platform = 'x' | 'linkedin' | 'facebook' | 'instagram' | 'threads' | 'bluesky';
export type Decision = 'approved' | 'rejected' | 'regenerate' | 'skipped';

export interface ReviewItem {
  id: string;
  version?: string | number;
  kind: Kind;
  title?: string;
  draft?: {
    subject?: string;
    body: string;
    /** `json`: the body is a JSON object's text (a tool call's arguments), shown as code and approved only while it parses. */
    format?: 'text' | 'json';
    platforms?: Platform[];
    variants?: Partial<Record<Platform, { body: string }>>;
    media?: { url: string; alt?: string }[];
  };
  leads?: {
    id: string; name?: string; company?: string; title?: string; score?: number;
    reasons?: string[]; fields?: Record<string, string>;
  }[];
  rationale?: {
    summary?: string;
    /** A source's link is shown only when its url is http(s); without a label the link shows the url. */
    points?: { text: string; quote?: string; source?: { label?: string; url?: string } }[];
    confidence?: number;
    risk?: 'low' | 'medium' | 'high';
    model?: string;
  };
  context?: {
    recipient?: { name?: string; email?: string; company?: string; title?: string };
    /** A social post's account, as its previews show it. */
    account?: { name?: string; handle?: string };
    fields?: Record<string, string>;
  };
  policy?: {
    allow_approve?: boolean; allow_edit?: boolean; allow_reject?: boolean; allow_regenerate?: boolean; allow_skip?: boolean;
    reason_required_for?: Decision[];
    reason_codes?: { code: string; label?: string }[];
  };
  metadata?: unknown;
}

export interface ReviewContent {
  subject?: string;
  body?: string;
  platforms?: Platform[];
  variants?: Partial<Record<Platform, { body: string }>>;
  order?: string[];
  excluded?: string[];
  notes?: Record<string, string>;
  /** Why leads were excluded, where the person said. */
  exclusion_reasons?: Record<string, string>;
}

export interface ReviewResult {
  schema: 'countersign.result.v1';
  idempotency_key: string;
  item_id: string;
  item_version?: string;
  kind: Kind;
  decision: Decision;
  edited: boolean;
  original: ReviewContent;
  final: ReviewContent;
  points?: { index: number; verdict: 'agree' | 'disagree'; note?: string }[];
  changes: { op: 'equal' | 'delete' | 'insert'; text: string }[];
  reasons: string[];
  comment?: string;
  feedback?: string;
  reviewer?: unknown;
  opened_at: string;
  decided_at: string;
  active_ms: number;
  metadata?: unknown;
  /** Lead lists: the person's ranking against the AI's. */
  metrics?: { kendall_tau: number; moved: number; excluded: number };
  client: { name: 'countersign'; version: string };
}

/** A result the backend has not accepted yet, as the element's `pending` lists it. */
export interface PendingResult extends ReviewResult {
  delivery: {
    /** `waiting`: held for undo; `retrying`: the widget tries again by itself; `failed` and `conflict`: refused, not resent. */
    state: 'waiting' | 'sending' | 'retrying' | 'failed' | 'conflict';
    /** How many attempts failed. */
    failures: number;
    /** The last failed attempt's HTTP status (0 for a network error), while retrying or failed. */
    status?: number;
    /** What the backend or the network said. */
    error?: string;
  };
}

export interface ItemError { index: number | null; item_id: string | null; path: string; message: string }

/** Request headers as `config.headers` and `authHeaders()` give them. */
export type RequestHeaders = Record<string, string> | Headers | Map<string, string> | [string, string][];

export interface CountersignConfig {
  itemsUrl?: string;
  submitUrl?: string;
  /** The reviewer, as an object or as its JSON text (what the attribute takes). */
  reviewer?: ({ id: string; name?: string } & Record<string, unknown>) | string;
  locale?: string;
  theme?: 'light' | 'dark' | 'auto';
  credentials?: RequestCredentials;
  undoSeconds?: number;
  /** Extra headers for the items GET and every result POST: an object, a `Headers`, a `Map`
   * or pairs, every value a string. `null` removes them. */
  headers?: RequestHeaders | null;
  /** Remapped single-key shortcuts, e.g. `{ approve: 'y', next: 'ArrowRight' }`; `null` gives the defaults back. */
  keymap?: Partial<Record<'approve' | 'reject' | 'regenerate' | 'skip' | 'undo' | 'next' | 'previous' | 'edit' | 'help', string>> | null;
  /** Limits that replace a platform's default, e.g. `{ x: 25000 }` for X Premium; `null` gives the defaults back. */
  platformLimits?: Partial<Record<Platform, number>> | null;
  /** Called before each attempt to post a result; its headers are added to the request. */
  authHeaders?: (() => RequestHeaders | null | Promise<RequestHeaders | null>) | null;
}

export interface CountersignEventMap {
  'countersign:ready': CustomEvent<{ items: number }>;
  'countersign:decision': CustomEvent<ReviewResult>;
  'countersign:delivered': CustomEvent<{ item_id: string; idempotency_key: string; status: number }>;
  'countersign:delivery-failed': CustomEvent<{
    item_id: string; idempotency_key: string; status: number; error: string; will_retry: boolean; conflict: boolean;
  }>;
  'countersign:undo': CustomEvent<{ item_id: string; idempotency_key: string }>;
  'countersign:invalid': CustomEvent<{ errors: ItemError[] }>;
}

export declare class CountersignReview extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The `items-url` attribute: where to GET the queue. */
  itemsUrl: string | null;
  /** The `submit-url` attribute: where each ReviewResult is POSTed. */
  submitUrl: string | null;
  /** The `reviewer` attribute: the reviewer as JSON, e.g. `{"id":"u-17","name":"Dana"}`. */
  reviewer: string | null;
  /** The `locale` attribute: `en`, `de`, `fr`, `es`, `ja` or any BCP 47 tag (the nearest one wins). */
  locale: string | null;
  /** The `theme` attribute. */
  theme: 'light' | 'dark' | 'auto' | (string & {}) | null;
  /** The `credentials` attribute, as in `fetch`. */
  credentials: RequestCredentials | null;
  /** The `undo-seconds` attribute: how long a decision can be taken back before it is sent. */
  undoSeconds: string | null;
  /** What was last set (typed as the array most hosts set). */
  get items(): ReviewItem[] | undefined;
  /** Replaces the queue: an array of items, or `{ items: [...] }` as `items-url` answers. */
  set items(items: ReviewItem[] | { items: ReviewItem[] } | undefined);
  /** Attributes' keys in camelCase, plus headers. */
  config: CountersignConfig | undefined;
  /** Results decided but not yet accepted by the backend, each with where its delivery stands. */
  readonly pending: PendingResult[];
  /** Sends what is waiting now; settles when every attempt has answered. */
  flush(): Promise<void>;
  addEventListener<K extends keyof CountersignEventMap>(type: K, listener: (this: CountersignReview, event: CountersignEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(type: K, listener: (this: CountersignReview, event: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
}

/**
 * Registers the element under `tag` (default `countersign-review`, which the module registers
 * itself); calling it twice is harmless. Returns the class registered under `tag`.
 */
export declare function define(tag?: string): typeof CountersignReview;

/**
 * Creates a widget inside `container`, under the tag this module registered last. Throws when
 * it registered none (another copy of the widget holds `countersign-review`): call
 * `define(tag)` first.
 */
export declare function mount(container: Element, config?: CountersignConfig & { items?: ReviewItem[] | { items: ReviewItem[] } }): CountersignReview;

/** A decision LangChain's HumanInTheLoopMiddleware accepts. */
export type LangChainDecisionType = 'approve' | 'edit' | 'reject' | 'respond';

/** One tool call the agent wants to make. */
export interface LangChainActionRequest {
  name: string;
  args: Record<string, unknown>;
  description?: string;
}

/** The interrupt value, as LangChain (Python) writes it. */
export interface LangChainInterruptValue {
  action_requests: LangChainActionRequest[];
  review_configs?: { action_name: string; allowed_decisions: LangChainDecisionType[]; description?: string; args_schema?: unknown }[];
}

/** The interrupt value, as LangChain.js writes it. */
export interface LangChainJsInterruptValue {
  actionRequests: LangChainActionRequest[];
  reviewConfigs?: { actionName: string; allowedDecisions: LangChainDecisionType[]; description?: string; argsSchema?: unknown }[];
}

/** An interrupt value, or LangGraph's `{ id, value }` Interrupt around it. */
export type LangChainInterrupt =
  | LangChainInterruptValue
  | LangChainJsInterruptValue
  | { id?: string; value: LangChainInterruptValue | LangChainJsInterruptValue };

/** One decision of the resume value; `edited_action` is `editedAction` for a LangChain.js interrupt. */
export type LangChainDecision =
  | { type: 'approve' }
  | { type: 'edit'; edited_action: { name: string; args: Record<string, unknown> } }
  | { type: 'edit'; editedAction: { name: string; args: Record<string, unknown> } }
  | { type: 'reject'; message?: string }
  | { type: 'respond'; message: string };

/** The value to resume the graph with: `Command({ resume })`. */
export interface LangChainResume {
  decisions: LangChainDecision[];
}

/**
 * Turns a HumanInTheLoopMiddleware interrupt into ReviewItems, one per action: an action with
 * `subject` and `body` (or `content`, `text`, `message`) arguments becomes an email, any other a
 * message whose text is its arguments; the allowed decisions become the item's policy. The
 * ids are `<interrupt id>:<index>` (`options.id`, the Interrupt's id, or a hash of the actions).
 * Throws a `TypeError` that names the problem when `interrupt` is not one.
 */
export declare function fromLangChainInterrupt(interrupt: LangChainInterrupt, options?: { id?: string }): ReviewItem[];

/**
 * Turns the results of one interrupt's items into the resume value, one decision per action in
 * the actions' order (the latest result per action wins). Throws when an action has no
 * decision yet, an edited JSON argument text is not a JSON object, a result's
 * `metadata.langchain` is not as `fromLangChainInterrupt` writes it, or the results are of
 * several interrupts and `options.interrupt` does not name one.
 */
export declare function toLangChainResume(results: ReviewResult[], options?: { interrupt?: string }): LangChainResume;

declare global {
  interface HTMLElementTagNameMap { 'countersign-review': CountersignReview }
  interface HTMLElementEventMap extends CountersignEventMap {}
}
