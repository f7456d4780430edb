// Vue 3 with a render function, which needs no template compiler at runtime (so no
// 'unsafe-eval' in the page's CSP). In a single-file component the same element reads:
//   <countersign-review submit-url="/api/results" :items="items"
//     @countersign:decision="onDecision" @countersign:delivered="onDelivered" />
// with `compilerOptions.isCustomElement: (tag) => tag.startsWith('countersign-')`.
import { createApp, h, ref } from 'vue';
// Loading the module defines <countersign-review>; it is served by the reference server, not bundled.
import '/dist/countersign.js';

const items = [{
  id: 'example-vue',
  kind: 'email',
  title: 'Follow-up after the demo',
  draft: { subject: 'Your Q3 forecast', body: 'Hi Maria,\n\nAs promised, the forecast template is attached. Shall we go through it on Thursday?\n\nBest,\nSam' },
  rationale: { summary: "Maria asked for the template on Tuesday's call.", confidence: 0.82, risk: 'low' },
}];

createApp({
  setup() {
    const delivered = ref(null);
    const finalText = ref('');
    return () => h('main', [
      h('h1', 'Vue 3 host'),
      h('countersign-review', {
        'submit-url': '/api/results',
        reviewer: '{"id":"u-17","name":"Dana Kim"}',
        // The element is defined before the app mounts, so Vue sets `items` as a property.
        items,
        'onCountersign:decision': (event) => { finalText.value = event.detail.final.body ?? ''; },
        'onCountersign:delivered': (event) => { delivered.value = event.detail; },
      }),
      delivered.value && h('output', { id: 'delivered' }, `Delivered ${delivered.value.item_id}: ${delivered.value.status}`),
      h('pre', { id: 'final-text' }, finalText.value),
    ]);
  },
}).mount('#app');
