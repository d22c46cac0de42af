use zenlocal_wire::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A business rule refused the command; nothing was written.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// The database cannot be reached or refused the commit; nothing was acknowledged.
    #[error("store unavailable: {0}")]
    Unavailable(String),
    /// A bug or corrupt data.
    #[error("store failure: {0}")]
    Internal(String),
}

impl StoreError {
    pub fn internal(e: impl std::fmt::Display) -> Self {
        StoreError::Internal(e.to_string())
    }

    /// The error as an API answer: business errors as they are, the rest without detail.
    pub fn into_api(self) -> ApiError {
        match self {
            StoreError::Api(e) => e,
            StoreError::Unavailable(_) => {
                ApiError::unavailable("the store is temporarily unavailable; retry shortly")
            }
            StoreError::Internal(_) => ApiError::internal(),
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        e.into_api()
    }
}
