//! Prometheus text at `GET /metrics`.

use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;
use std::time::Duration;

/// How often the recorder folds the samples it holds into its histograms: without it
/// they pile up until `/metrics` is read, so memory would grow with the request count.
const UPKEEP_EVERY: Duration = Duration::from_secs(5);

const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];
const BATCH_BUCKETS: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0];

/// The process-wide recorder; installed once, shared by every server in the process.
pub fn handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("zenlocal_request_duration_seconds".into()),
                    LATENCY_BUCKETS,
                )
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        Matcher::Full("zenlocal_store_commit_batch_size".into()),
                        BATCH_BUCKETS,
                    )
                })
                .expect("bucket lists are not empty");
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            let upkeep = handle.clone();
            std::thread::Builder::new()
                .name("zenlocal-metrics-upkeep".into())
                .spawn(move || loop {
                    std::thread::sleep(UPKEEP_EVERY);
                    upkeep.run_upkeep();
                })
                .expect("the metrics upkeep thread starts");
            // Another recorder may already be installed (e.g. by an embedding program);
            // the handle still renders ours then.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}
