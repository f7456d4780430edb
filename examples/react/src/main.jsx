// React 19 sets properties and adds event listeners on custom elements natively: `items` is
// passed as a property (an array, not a string), and `oncountersign:delivered` listens to the
// `countersign:delivered` event.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
// Loading the module defines <countersign-review>; it is served by the reference server, not bundled.
import '/dist/countersign.js';

// One array for the app's lifetime: a new array on every render would replace the queue each time.
const items = [{
  id: 'example-react',
  kind: 'email',
  title: 'Follow-up after the demo',
  draft: { subject: 'Your Q3 forecast', body: 'Hi Maria,\n\nAs promised, the forecast template is attached. Shall we go through it on Thursday?\n\nBest,\nSam' },
  rationale: { summary: "Maria asked for the template on Tuesday's call.", confidence: 0.82, risk: 'low' },
}];

function App() {
  const [delivered, setDelivered] = useState(null);
  const [finalText, setFinalText] = useState('');
  return (
    <main>
      <h1>React 19 host</h1>
      <countersign-review
        submit-url="/api/results"
        reviewer='{"id":"u-17","name":"Dana Kim"}'
        items={items}
        oncountersign:decision={(event) => setFinalText(event.detail.final.body ?? '')}
        oncountersign:delivered={(event) => setDelivered(event.detail)}
      />
      {delivered && <output id="delivered">{`Delivered ${delivered.item_id}: ${delivered.status}`}</output>}
      <pre id="final-text">{finalText}</pre>
    </main>
  );
}

createRoot(document.getElementById('root')).render(<App />);
