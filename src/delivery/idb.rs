//! The outbox in IndexedDB: one record per decision in the `outbox` store of the `countersign`
//! database, indexed by outbox key (submit URL and reviewer). Each save is one read-write
//! transaction created at once, and IndexedDB runs a store's transactions in the order they
//! were created, so writes land in the order decisions were made; [`OutboxDb::settled`] waits
//! for every earlier write, which is how a decision is stored before any attempt to send it.

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbIndexParameters, IdbObjectStoreParameters, IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode};

use super::outbox::Outgoing;
use crate::json::Tape;

const DATABASE: &str = "countersign";
const STORE: &str = "outbox";
const BY_OUTBOX: &str = "by_outbox";

/// An open outbox database.
#[derive(Clone)]
pub struct OutboxDb(IdbDatabase);

/// Resolves when `request` succeeds, fails when it errs.
fn settle(request: &IdbRequest) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    }))
}

/// Resolves when `transaction` commits, fails when it errs or aborts.
fn completion(transaction: &IdbTransaction) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve, reject| {
        transaction.set_oncomplete(Some(&resolve));
        transaction.set_onerror(Some(&reject));
        transaction.set_onabort(Some(&reject));
    }))
}

/// Opens (creating on first use) the outbox database; `Err` where IndexedDB is unavailable.
pub async fn open() -> Result<OutboxDb, JsValue> {
    let factory = web_sys::window().ok_or("no window")?.indexed_db()?.ok_or("IndexedDB is unavailable")?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1)?;
    let upgrade = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
        let database = event
            .target()
            .and_then(|target| target.dyn_into::<IdbOpenDbRequest>().ok())
            .and_then(|request| request.result().ok())
            .and_then(|result| result.dyn_into::<IdbDatabase>().ok());
        if let Some(database) = database
            && !database.object_store_names().contains(STORE)
        {
            let parameters = IdbObjectStoreParameters::new();
            parameters.set_key_path(&JsValue::from_str("key"));
            if let Ok(store) = database.create_object_store_with_optional_parameters(STORE, &parameters) {
                let _ = store.create_index_with_str_and_optional_parameters(BY_OUTBOX, "outbox", &IdbIndexParameters::new());
            }
        }
    });
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    let opened = settle(&request).await;
    request.set_onupgradeneeded(None);
    drop(upgrade);
    opened?;
    Ok(OutboxDb(request.result()?.dyn_into()?))
}

impl OutboxDb {
    /// Stores `entries` under `outbox` and removes `gone`, in one transaction created now.
    /// The returned future tells whether it committed.
    pub fn write(&self, outbox: &str, entries: &[Outgoing], gone: &[String]) -> Result<JsFuture, JsValue> {
        let transaction = self.0.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite)?;
        let store = transaction.object_store(STORE)?;
        for entry in entries {
            let record = Object::new();
            Reflect::set(&record, &"key".into(), &entry.key.as_str().into())?;
            Reflect::set(&record, &"outbox".into(), &outbox.into())?;
            let text = entry.to_json().to_text();
            Reflect::set(&record, &"entry".into(), &text.into())?;
            store.put(&record)?;
        }
        for key in gone {
            store.delete(&key.as_str().into())?;
        }
        Ok(completion(&transaction))
    }

    /// Waits until every write made before this call has landed.
    pub async fn settled(&self) -> Result<(), JsValue> {
        let transaction = self.0.transaction_with_str(STORE)?;
        transaction.object_store(STORE)?.count()?;
        completion(&transaction).await.map(drop)
    }

    /// Every entry stored under `outbox`; unreadable records are skipped.
    pub async fn all(&self, outbox: &str) -> Result<Vec<Outgoing>, JsValue> {
        let transaction = self.0.transaction_with_str(STORE)?;
        let request = transaction.object_store(STORE)?.index(BY_OUTBOX)?.get_all_with_key(&outbox.into())?;
        settle(&request).await?;
        let records: Array = request.result()?.dyn_into()?;
        Ok(records
            .iter()
            .filter_map(|record| Reflect::get(&record, &"entry".into()).ok()?.as_string())
            .filter_map(|text| Outgoing::read(Tape::parse(&text).ok()?.root()).ok())
            .collect())
    }

    /// Whether an entry with idempotency key `key` is stored.
    pub async fn contains(&self, key: &str) -> Result<bool, JsValue> {
        let transaction = self.0.transaction_with_str(STORE)?;
        let request = transaction.object_store(STORE)?.count_with_key(&key.into())?;
        settle(&request).await?;
        Ok(request.result()?.as_f64().unwrap_or(0.0) > 0.0)
    }
}
