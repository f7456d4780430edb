// The demo's event log: every countersign:* event the widget sends, newest first.
const log = document.getElementById('log');
for (const name of ['ready', 'decision', 'delivered', 'delivery-failed', 'undo', 'invalid']) {
  document.addEventListener(`countersign:${name}`, (event) => {
    const detail = name === 'decision'
      ? { item_id: event.detail.item_id, decision: event.detail.decision, edited: event.detail.edited }
      : event.detail;
    log.textContent = `countersign:${name} ${JSON.stringify(detail)}\n` + log.textContent;
  });
}
