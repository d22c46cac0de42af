//! `zenlocal bench --serve-bare ADDR`: a bare axum handler answering every request with
//! one fixed answer shaped like DescribeCustomerBalance's, nothing checked, nothing
//! stored. What HTTP and the load generator cost alone on the same machine, so that a
//! run against the server (`--baseline`) is reported as a ratio of it.

const ANSWER: &str = r#"{"requestId":"bare","response":{"requestId":"bare","cashBalance":"0.00"}}"#;

/// Serves the bare handler on `listen` until SIGINT or SIGTERM.
pub async fn serve(
    listen: &str,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let app = axum::Router::new().fallback(|| async {
        (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            ANSWER,
        )
    });
    let listener = tokio::net::TcpListener::bind(listen).await?;
    println!(
        "bare handler listening on http://{}",
        listener.local_addr()?
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(stop)
        .await?;
    Ok(())
}
