//! Countersign's review widget in a Leptos app: `main` only mounts; the page is in [`app`].

mod app;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
