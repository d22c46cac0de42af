//! vm key pairs (docs/decisions.md D-170 to D-172): import, list, describe, delete. They
//! exist in vm 2023-03-13 only; 2026-04-01 answers them as unknown actions (D-104).

pub mod vm {
    use crate::handlers::Cx;
    use zenlocal_core::{keypair, ApiError};
    use zenlocal_store::ops::key_pairs::{DeleteKeyPairs, ImportKeyPair, KeyPairs, ModifyKeyPair};
    use zenlocal_wire::model::common::Empty;
    use zenlocal_wire::model::vm::*;

    pub async fn import_key_pair(
        cx: &Cx<'_>,
        req: ImportKeyPairRequest,
    ) -> Result<ImportKeyPairResponse, ApiError> {
        let key_id = cx
            .command(ImportKeyPair {
                account_id: cx.account_id.to_owned(),
                name: req.key_name,
                public_key: req.public_key,
                description: req.key_description,
            })
            .await?;
        Ok(ImportKeyPairResponse { key_id })
    }

    pub async fn describe_key_pairs(
        cx: &Cx<'_>,
        req: DescribeKeyPairsRequest,
    ) -> Result<DescribeKeyPairsResponse, ApiError> {
        let pairs = cx
            .query(KeyPairs {
                account_id: cx.account_id.to_owned(),
            })
            .await?;
        keypair::describe(pairs, &req)
    }

    pub async fn modify_key_pair_attribute(
        cx: &Cx<'_>,
        req: ModifyKeyPairAttributeRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(ModifyKeyPair {
            account_id: cx.account_id.to_owned(),
            key_id: req.key_id,
            description: req.key_description,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn delete_key_pairs(
        cx: &Cx<'_>,
        req: DeleteKeyPairsRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(DeleteKeyPairs {
            account_id: cx.account_id.to_owned(),
            ids: req.key_ids,
        })
        .await?;
        Ok(Empty {})
    }
}
