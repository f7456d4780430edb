// A second reference for first paint: the widget's own view, built by plain JS. `learn` records
// what the widget rendered for an item (every element with its attributes, every text, each
// field's value) and the stylesheet it adopted; setting `items` on a <replay-review> then
// builds exactly that view again with document calls alone, adopts the same stylesheet and
// listens on each control as the vanilla reference does. It reads nothing of the item (the
// texts are the recorded ones), so it is the least any implementation of this view can cost:
// the widget's ratio to it is the price of its runtime, the ratio of it to the vanilla
// reference the price of the view being larger than the reference's.

const XHTML = 'http://www.w3.org/1999/xhtml';

let plan = [];
let sheets = [];

/** One node of `root`'s view as a building step: a string for a text, an object for an element. */
function record(node) {
  if (node.nodeType === Node.TEXT_NODE) return node.data;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const step = {
    namespace: node.namespaceURI === XHTML ? null : node.namespaceURI,
    tag: node.localName,
    attributes: [...node.attributes].map((attribute) => [attribute.name, attribute.value]),
    children: [...node.childNodes].map(record).filter((child) => child !== null),
    value: 'value' in node && /^(input|textarea|select)$/.test(node.localName) ? node.value : null,
    control: /^(button|input|textarea|select|a)$/.test(node.localName),
  };
  return step;
}

/** Records `root` (a shadow root the widget rendered into) as the view to build. */
export function learn(root) {
  plan = [...root.childNodes].map(record).filter((step) => step !== null);
  sheets = root.adoptedStyleSheets;
  return count(plan);
}

/** Elements in `steps`, nested ones included. */
function count(steps) {
  return steps.reduce((sum, step) => (typeof step === 'string' ? sum : sum + 1 + count(step.children)), 0);
}

const noop = () => {};

function build(step) {
  if (typeof step === 'string') return step;
  const element = step.namespace ? document.createElementNS(step.namespace, step.tag) : document.createElement(step.tag);
  for (const [name, value] of step.attributes) element.setAttribute(name, value);
  for (const child of step.children) element.append(build(child));
  if (step.value !== null) element.value = step.value;
  if (step.control) element.addEventListener(step.tag === 'button' || step.tag === 'a' ? 'click' : 'input', noop);
  return element;
}

export class ReplayReview extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
  }

  set items(_items) {
    const root = this.shadowRoot;
    root.adoptedStyleSheets = sheets;
    root.replaceChildren(...plan.map(build));
  }
}

if (!customElements.get('replay-review')) customElements.define('replay-review', ReplayReview);
