// The host's part: listen to the element's events (they bubble and cross the shadow root).
document.addEventListener('countersign:decision', (event) => {
  document.querySelector('#final-text').textContent = event.detail.final.body ?? '';
});
document.addEventListener('countersign:delivered', (event) => {
  document.querySelector('#delivered').textContent = `Delivered ${event.detail.item_id}: ${event.detail.status}`;
});
