// Loads the example's wasm, which wasm-bindgen writes to ./pkg; its `main` mounts the app.
// A file of its own because the page's policy (script-src 'self') runs no inline script.
import init from './pkg/countersign_leptos_example.js';

init();
