//! bmc elastic IPs and IP blocks (docs/decisions.md D-141 to D-147): bought from the
//! zone's public addresses, priced, listed, associated with or bound to instances,
//! terminated, released and renewed.

pub mod bmc {
    use crate::handlers::Cx;
    use std::collections::HashMap;
    use zenlocal_core::catalog::IpProduct;
    use zenlocal_core::ipam::{IpNet, Scope};
    use zenlocal_core::ipblock::{self, Kind, PurchaseFields};
    use zenlocal_core::{codes, ipview, ApiError};
    use zenlocal_store::ops::addresses::Held;
    use zenlocal_store::ops::ip_blocks::{
        AssociateEip, Attribute, BindBlockIps, CreateByoip, CreateIpBlocks, IpBlocks, IpBlocksRead,
        ModifyIpBlocks, OwnedBmcInstance, ReleaseIpBlocks, RenewIpBlock, TerminateIpBlock,
        UnassociateEip, UnbindBlockIps,
    };
    use zenlocal_store::ops::Instances;
    use zenlocal_wire::model::common::{ChargePrepaid, Empty, TagAssociation};
    use zenlocal_wire::model::ips::*;
    use zenlocal_wire::Service;

    fn tags_of(tags: &Option<TagAssociation>) -> Vec<zenlocal_wire::model::common::Tag> {
        tags.clone().map(|t| t.tags).unwrap_or_default()
    }

    fn period(prepaid: &Option<ChargePrepaid>) -> Option<i64> {
        prepaid.as_ref().map(|p| p.period)
    }

    async fn buy(cx: &Cx<'_>, fields: &PurchaseFields<'_>) -> Result<ipblock::Created, ApiError> {
        let purchase = ipblock::purchase(cx.catalog(), fields)?;
        cx.command(CreateIpBlocks {
            catalog: cx.app.catalog.clone(),
            account_id: cx.account_id.to_owned(),
            purchase,
            timings: cx.app.config.timings,
        })
        .await
    }

    async fn quote(
        cx: &Cx<'_>,
        fields: &PurchaseFields<'_>,
    ) -> Result<zenlocal_wire::model::common::Price, ApiError> {
        let purchase = ipblock::purchase(cx.catalog(), fields)?;
        let offer = cx
            .catalog()
            .ip_offer(&purchase.zone_id, purchase.product)
            .ok_or_else(ApiError::internal)?;
        let discount = cx.account().await?.discount;
        Ok(ipview::quote(cx.version, offer, &purchase, discount))
    }

    async fn owned(cx: &Cx<'_>) -> Result<IpBlocksRead, ApiError> {
        cx.query(IpBlocks {
            account_id: cx.account_id.to_owned(),
        })
        .await
    }

    async fn instance(cx: &Cx<'_>, id: String) -> Result<zenlocal_core::model::Instance, ApiError> {
        cx.query(OwnedBmcInstance {
            account_id: cx.account_id.to_owned(),
            id,
        })
        .await
    }

    /// What each zone's public scope holds, for what is left for sale.
    async fn held_by_zone(cx: &Cx<'_>) -> Result<HashMap<String, Vec<IpNet>>, ApiError> {
        let zones: Vec<String> = cx
            .catalog()
            .bmc
            .zones
            .iter()
            .map(|z| z.id.clone())
            .collect();
        let held = cx
            .query(Held {
                scopes: zones.iter().map(|z| Scope::zone(z)).collect(),
            })
            .await?;
        Ok(zones.into_iter().zip(held).collect())
    }

    // ---- elastic IPs ---------------------------------------------------------------

    pub async fn allocate_eip_addresses(
        cx: &Cx<'_>,
        req: AllocateEipAddressesRequest,
    ) -> Result<AllocateEipAddressesResponse, ApiError> {
        let tags = tags_of(&req.tags);
        let created = buy(
            cx,
            &PurchaseFields {
                period: period(&req.eip_charge_prepaid),
                netmask: req.netmask,
                count: req.amount,
                resource_group_id: req.resource_group_id.as_deref(),
                tags: &tags,
                ..PurchaseFields::new(IpProduct::Eip, &req.zone_id, &req.eip_charge_type)
            },
        )
        .await?;
        Ok(AllocateEipAddressesResponse {
            order_number: Some(created.order_number),
            eip_id_set: created.ids,
        })
    }

    pub async fn inquiry_price_create_eip_address(
        cx: &Cx<'_>,
        req: InquiryPriceCreateEipAddressRequest,
    ) -> Result<InquiryPriceCreateEipAddressResponse, ApiError> {
        let eip_price = quote(
            cx,
            &PurchaseFields {
                period: period(&req.eip_charge_prepaid),
                netmask: req.netmask,
                count: req.amount,
                ..PurchaseFields::new(IpProduct::Eip, &req.zone_id, &req.eip_charge_type)
            },
        )
        .await?;
        Ok(InquiryPriceCreateEipAddressResponse { eip_price })
    }

    pub async fn describe_eip_addresses(
        cx: &Cx<'_>,
        req: DescribeEipAddressesRequest,
    ) -> Result<DescribeEipAddressesResponse, ApiError> {
        let read = owned(cx).await?;
        let instances = cx
            .query(Instances {
                account_id: cx.account_id.to_owned(),
                service: Service::Bmc,
            })
            .await?;
        ipview::eip_addresses(&req, &read.blocks, &instances)
    }

    pub async fn describe_eip_available_resources(
        cx: &Cx<'_>,
        req: DescribeEipAvailableResourcesRequest,
    ) -> Result<DescribeEipAvailableResourcesResponse, ApiError> {
        ipview::eip_available(cx.catalog(), &req, &held_by_zone(cx).await?)
    }

    pub async fn describe_instance_available_eip_resources(
        cx: &Cx<'_>,
        req: DescribeInstanceAvailableEipResourcesRequest,
    ) -> Result<DescribeInstanceAvailableEipResourcesResponse, ApiError> {
        let instance = instance(cx, req.instance_id.clone()).await?;
        ipview::instance_available_eips(&req, &owned(cx).await?.blocks, &instance)
    }

    pub async fn associate_eip_address(
        cx: &Cx<'_>,
        req: AssociateEipAddressRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(AssociateEip {
            account_id: cx.account_id.to_owned(),
            eip_id: req.eip_id,
            instance_id: req.instance_id,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn un_associate_eip_address(
        cx: &Cx<'_>,
        req: EipIdRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(UnassociateEip {
            account_id: cx.account_id.to_owned(),
            eip_id: req.eip_id,
        })
        .await?;
        Ok(Empty {})
    }

    async fn terminate(cx: &Cx<'_>, kind: Kind, id: String) -> Result<Empty, ApiError> {
        cx.command(TerminateIpBlock {
            catalog: cx.app.catalog.clone(),
            account_id: cx.account_id.to_owned(),
            kind,
            id,
            timings: cx.app.config.timings,
        })
        .await?;
        Ok(Empty {})
    }

    async fn release(
        cx: &Cx<'_>,
        kind: Kind,
        ids: Vec<String>,
        field: &'static str,
    ) -> Result<Empty, ApiError> {
        cx.command(ReleaseIpBlocks {
            account_id: cx.account_id.to_owned(),
            kind,
            ids,
            field,
        })
        .await?;
        Ok(Empty {})
    }

    async fn renew(cx: &Cx<'_>, kind: Kind, id: String) -> Result<Empty, ApiError> {
        cx.command(RenewIpBlock {
            catalog: cx.app.catalog.clone(),
            account_id: cx.account_id.to_owned(),
            kind,
            id,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn terminate_eip_address(cx: &Cx<'_>, req: EipIdRequest) -> Result<Empty, ApiError> {
        terminate(cx, Kind::Eip, req.eip_id).await
    }

    pub async fn release_eip_addresses(cx: &Cx<'_>, req: EipIdsRequest) -> Result<Empty, ApiError> {
        release(cx, Kind::Eip, req.eip_ids, "eipIds").await
    }

    pub async fn renew_eip_address(cx: &Cx<'_>, req: EipIdRequest) -> Result<Empty, ApiError> {
        renew(cx, Kind::Eip, req.eip_id).await
    }

    pub async fn modify_eip_addresses_resource_group(
        cx: &Cx<'_>,
        req: ModifyEipAddressesResourceGroupRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(ModifyIpBlocks {
            account_id: cx.account_id.to_owned(),
            kind: Kind::Eip,
            ids: req.eip_ids,
            field: "eipIds",
            attribute: Attribute::ResourceGroup(req.resource_group_id),
        })
        .await
        .map_err(|e| {
            // The page's own code for an elastic IP it cannot find (D-144).
            if e.code == codes::INVALID_EIP_NOT_FOUND {
                ApiError::new(codes::OPERATION_FAILED_RESOURCE_NOT_FOUND, e.message)
            } else {
                e
            }
        })?;
        Ok(Empty {})
    }

    // ---- IP blocks -----------------------------------------------------------------

    pub async fn create_ipv4_block(
        cx: &Cx<'_>,
        req: CreateIpv4BlockRequest,
    ) -> Result<CreateIpv4BlockResponse, ApiError> {
        check_cidr_type(req.cidr_type.as_deref())?;
        let tags = tags_of(&req.tags);
        let created = buy(
            cx,
            &PurchaseFields {
                period: period(&req.charge_prepaid),
                netmask: Some(req.netmask),
                count: req.amount,
                name: req.name.as_deref(),
                resource_group_id: req.resource_group_id.as_deref(),
                tags: &tags,
                ..PurchaseFields::new(IpProduct::Ipv4Block, &req.zone_id, &req.charge_type)
            },
        )
        .await?;
        Ok(CreateIpv4BlockResponse {
            order_number: Some(created.order_number),
            cidr_block_ids: created.ids,
        })
    }

    /// Only BGP addresses are sold (D-143).
    fn check_cidr_type(cidr_type: Option<&str>) -> Result<(), ApiError> {
        match cidr_type {
            None | Some("BGP") => Ok(()),
            Some(other) => Err(ApiError::invalid_parameter(format!(
                "`cidrType` must be BGP, not `{other}`"
            ))),
        }
    }

    pub async fn create_ipv6_block(
        cx: &Cx<'_>,
        req: CreateIpv6BlockRequest,
    ) -> Result<CreateIpv6BlockResponse, ApiError> {
        let tags = tags_of(&req.tags);
        let created = buy(
            cx,
            &PurchaseFields {
                count: req.amount,
                name: req.name.as_deref(),
                resource_group_id: req.resource_group_id.as_deref(),
                tags: &tags,
                ..PurchaseFields::new(IpProduct::Ipv6Block, &req.zone_id, "POSTPAID")
            },
        )
        .await?;
        Ok(CreateIpv6BlockResponse {
            cidr_block_ids: created.ids,
        })
    }

    pub async fn create_byoip(
        cx: &Cx<'_>,
        req: CreateByoipRequest,
    ) -> Result<CreateByoipResponse, ApiError> {
        let block = cx
            .command(CreateByoip {
                catalog: cx.app.catalog.clone(),
                account_id: cx.account_id.to_owned(),
                ip_type: req.ip_type,
                cidr: req.cidr,
                asn: req.asn,
                tags: tags_of(&req.tags),
            })
            .await?;
        Ok(CreateByoipResponse {
            byoip_id: block.byoip.map(|b| b.id).unwrap_or_default(),
            cidr_block_id: block.id,
        })
    }

    pub async fn inquiry_price_create_ipv4_block(
        cx: &Cx<'_>,
        req: InquiryPriceCreateIpv4BlockRequest,
    ) -> Result<InquiryPriceCreateIpv4BlockResponse, ApiError> {
        check_cidr_type(req.cidr_type.as_deref())?;
        let price = quote(
            cx,
            &PurchaseFields {
                period: period(&req.charge_prepaid),
                netmask: Some(req.netmask),
                count: req.amount,
                ..PurchaseFields::new(IpProduct::Ipv4Block, &req.zone_id, &req.charge_type)
            },
        )
        .await?;
        Ok(InquiryPriceCreateIpv4BlockResponse { price })
    }

    pub async fn describe_available_ipv4_resources(
        cx: &Cx<'_>,
        req: DescribeAvailableIpv4ResourcesRequest,
    ) -> Result<DescribeAvailableIpv4ResourcesResponse, ApiError> {
        ipview::ipv4_available(cx.catalog(), &req, &held_by_zone(cx).await?)
    }

    pub async fn describe_available_ipv6_resources(
        cx: &Cx<'_>,
        req: DescribeAvailableIpv6ResourcesRequest,
    ) -> Result<DescribeAvailableIpv6ResourcesResponse, ApiError> {
        ipview::ipv6_available(cx.catalog(), &req, &held_by_zone(cx).await?)
    }

    pub async fn describe_cidr_blocks(
        cx: &Cx<'_>,
        req: DescribeCidrBlocksRequest,
    ) -> Result<DescribeCidrBlocksResponse, ApiError> {
        let read = owned(cx).await?;
        ipview::cidr_blocks(&req, &read.blocks, &read.bound)
    }

    pub async fn describe_cidr_block_ips(
        cx: &Cx<'_>,
        req: DescribeCidrBlockIpsRequest,
    ) -> Result<DescribeCidrBlockIpsResponse, ApiError> {
        let read = owned(cx).await?;
        let block = ipblock::owned(
            read.blocks
                .iter()
                .find(|b| b.id == req.cidr_block_id)
                .cloned(),
            cx.account_id,
            Kind::CidrBlock,
            &req.cidr_block_id,
        )?;
        Ok(ipview::cidr_block_ips(&req, &block, &read.bound))
    }

    pub async fn describe_instance_available_cidr_block(
        cx: &Cx<'_>,
        req: DescribeInstanceAvailableCidrBlockRequest,
    ) -> Result<DescribeInstanceAvailableCidrBlockResponse, ApiError> {
        let instance = instance(cx, req.instance_id.clone()).await?;
        let read = owned(cx).await?;
        ipview::instance_available_cidr_blocks(&req, &read.blocks, &read.bound, &instance)
    }

    pub async fn bind_cidr_block_ips(
        cx: &Cx<'_>,
        req: BindCidrBlockIpsRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(BindBlockIps {
            account_id: cx.account_id.to_owned(),
            block_id: req.cidr_block_id,
            binds: req
                .ip_bind_list
                .into_iter()
                .map(|b| (b.instance_id, b.ip))
                .collect(),
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn unbind_cidr_block_ips(
        cx: &Cx<'_>,
        req: UnbindCidrBlockIpsRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(UnbindBlockIps {
            account_id: cx.account_id.to_owned(),
            block_id: req.cidr_block_id,
            ips: req.ip_list,
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn modify_cidr_blocks_attribute(
        cx: &Cx<'_>,
        req: ModifyCidrBlocksAttributeRequest,
    ) -> Result<Empty, ApiError> {
        cx.command(ModifyIpBlocks {
            account_id: cx.account_id.to_owned(),
            kind: Kind::CidrBlock,
            ids: req.cidr_block_ids,
            field: "cidrBlockIds",
            attribute: Attribute::Name(req.name),
        })
        .await?;
        Ok(Empty {})
    }

    pub async fn renew_cidr_block(cx: &Cx<'_>, req: CidrBlockIdRequest) -> Result<Empty, ApiError> {
        renew(cx, Kind::CidrBlock, req.cidr_block_id).await
    }

    pub async fn terminate_cidr_block(
        cx: &Cx<'_>,
        req: CidrBlockIdRequest,
    ) -> Result<Empty, ApiError> {
        terminate(cx, Kind::CidrBlock, req.cidr_block_id).await
    }

    pub async fn release_cidr_blocks(
        cx: &Cx<'_>,
        req: CidrBlockIdsRequest,
    ) -> Result<Empty, ApiError> {
        release(cx, Kind::CidrBlock, req.cidr_block_ids, "cidrBlockIds").await
    }
}
