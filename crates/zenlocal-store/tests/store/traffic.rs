//! Instances' traffic (docs/decisions.md D-130) on both stores: a released instance's
//! stretches go with it, another instance's stay (D-240).

use super::backend::{self, Open};
use super::work::{buy, timings};
use super::{d, open_account};
use std::sync::Arc;
use zenlocal_core::model::TrafficSegment;
use zenlocal_core::time::MONTH_SECONDS;
use zenlocal_core::traffic::Record;
use zenlocal_core::{Catalog, Timestamp};
use zenlocal_store::ops::{RecordTraffic, ReleaseInstances, TerminateInstance};
use zenlocal_store::{Op, StoreError, Tx};
use zenlocal_wire::Service;

/// Every stretch the store keeps for an instance, held or not.
struct Stretches(String);

impl Op for Stretches {
    type Output = Vec<TrafficSegment>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<TrafficSegment>, StoreError> {
        tx.traffic(&self.0, Timestamp(i64::MIN), Timestamp(i64::MAX))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_released_instance_takes_its_traffic_with_it() {
    for db in backend::all() {
        let store = db.open().await;
        let catalog = Arc::new(Catalog::builtin());
        open_account(&store, "a", "100000.00").await;
        let ids = buy(&store, &catalog, 2).await;
        // Provisioning takes no time: the instances run once their event is applied.
        backend::advance_to(&store, backend::START.plus(1), 512, &catalog, timings())
            .await
            .unwrap();
        for id in &ids {
            store
                .write(RecordTraffic {
                    instance_id: id.clone(),
                    record: Record {
                        out_gb: Some(d("5")),
                        in_gb: None,
                        out_mbps: None,
                    },
                })
                .await
                .unwrap();
            let kept = store.read(Stretches(id.clone())).await.unwrap();
            assert_eq!(kept.len(), 1, "{}", db.name());
        }
        store
            .write(TerminateInstance {
                catalog: catalog.clone(),
                account_id: "a".into(),
                service: Service::Bmc,
                id: ids[0].clone(),
                timings: timings(),
            })
            .await
            .unwrap();
        // A PREPAID instance goes to the recycle bin at the end of its cycle (D-25).
        let cycle_end = backend::START.plus(MONTH_SECONDS + 1);
        backend::advance_to(&store, cycle_end, 512, &catalog, timings())
            .await
            .unwrap();
        store
            .write(ReleaseInstances {
                account_id: "a".into(),
                service: Service::Bmc,
                ids: vec![ids[0].clone()],
            })
            .await
            .unwrap();
        let released = store.read(Stretches(ids[0].clone())).await.unwrap();
        assert_eq!(released, Vec::new(), "{}", db.name());
        let held = store.read(Stretches(ids[1].clone())).await.unwrap();
        assert_eq!(held.len(), 1, "{}", db.name());
        assert_eq!(held[0].out_gb, d("5"), "{}", db.name());
        store.close().await;
    }
}
