//! Instances: creation and its price, listing, power, terminate and release (D-20 to
//! D-25). Power, terminate and release are the same on both services.

use crate::handlers::operations::own_groups;
use crate::handlers::Cx;
use zenlocal_core::catalog::Offer;
use zenlocal_core::fault::ServiceFaultKind;
use zenlocal_core::instance::{self, CreateFields, CreateSpec, Created, Power};
use zenlocal_core::model::{Instance, Setup};
use zenlocal_core::ApiError;
use zenlocal_store::ops::{
    CreateInstances, CreateVmInstances, Instances, PowerInstances, ReleaseInstances,
    TerminateInstance,
};
use zenlocal_wire::model::common::{Empty, InstanceIdRequest, InstanceIdsRequest, Tag};

fn create_op(cx: &Cx<'_>, spec: CreateSpec) -> CreateInstances {
    CreateInstances {
        catalog: cx.app.catalog.clone(),
        account_id: cx.account_id.to_owned(),
        spec,
        timings: cx.app.config.timings,
    }
}

/// A CreateInstances a `provisioningFails` fault hit is marked in the journal and the
/// metrics (D-199).
fn mark_fault(cx: &Cx<'_>, created: &Created) {
    if created.provisioning_fails {
        let _ = cx.injected.set(ServiceFaultKind::ProvisioningFails.name());
    }
}

/// The caller's instances of the service asked.
pub async fn owned_instances(cx: &Cx<'_>) -> Result<Vec<Instance>, ApiError> {
    cx.query(Instances {
        account_id: cx.account_id.to_owned(),
        service: cx.service(),
    })
    .await
}

/// The offer an inquiry prices: the spec was validated against the same catalog.
fn offer_of<'c>(cx: &'c Cx<'_>, spec: &CreateSpec) -> Result<&'c Offer, ApiError> {
    cx.catalog()
        .offer(spec.service, &spec.zone_id, &spec.product)
        .ok_or_else(ApiError::internal)
}

fn tags_of(tags: &Option<zenlocal_wire::model::common::TagAssociation>) -> Vec<Tag> {
    tags.clone().map(|t| t.tags).unwrap_or_default()
}

async fn power(cx: &Cx<'_>, req: InstanceIdsRequest, action: Power) -> Result<Empty, ApiError> {
    cx.command(PowerInstances {
        account_id: cx.account_id.to_owned(),
        service: cx.service(),
        ids: req.instance_ids,
        action,
        timings: cx.app.config.timings,
    })
    .await?;
    Ok(Empty {})
}

pub async fn start_instances(cx: &Cx<'_>, req: InstanceIdsRequest) -> Result<Empty, ApiError> {
    power(cx, req, Power::Start).await
}

pub async fn stop_instances(cx: &Cx<'_>, req: InstanceIdsRequest) -> Result<Empty, ApiError> {
    power(cx, req, Power::Stop).await
}

pub async fn terminate_instance(cx: &Cx<'_>, req: InstanceIdRequest) -> Result<Empty, ApiError> {
    cx.command(TerminateInstance {
        catalog: cx.app.catalog.clone(),
        account_id: cx.account_id.to_owned(),
        service: cx.service(),
        id: req.instance_id,
        timings: cx.app.config.timings,
    })
    .await?;
    Ok(Empty {})
}

pub async fn release_instances(cx: &Cx<'_>, req: InstanceIdsRequest) -> Result<Empty, ApiError> {
    cx.command(ReleaseInstances {
        account_id: cx.account_id.to_owned(),
        service: cx.service(),
        ids: req.instance_ids,
    })
    .await?;
    Ok(Empty {})
}

pub mod bmc {
    use super::*;
    pub use super::{release_instances, start_instances, stop_instances, terminate_instance};
    use zenlocal_core::view::{self, InstanceFilter};
    use zenlocal_store::ops::ip_blocks::IpBlocks;
    use zenlocal_wire::model::bmc::*;

    /// What bmc CreateInstances sets that no other rule reads, as given (D-124).
    fn setup_of(req: &CreateInstancesRequest) -> Setup {
        Setup {
            nic: req.nic.clone(),
            cluster_id: req.cluster_id.clone(),
            marketing_options: req.marketing_options.clone(),
            raid_config: req.raid_config.clone(),
            partitions: req.partitions.clone(),
            user_data: req.user_data.clone(),
            enable_primary_ipv6: req.enable_primary_ipv6,
            enable_gateway_mode: req.enable_gateway_mode,
            ..Setup::default()
        }
    }

    fn create_fields<'a>(
        req: &'a CreateInstancesRequest,
        tags: &'a [Tag],
        setup: &'a Setup,
    ) -> CreateFields<'a> {
        CreateFields {
            zone_id: &req.zone_id,
            product: &req.instance_type_id,
            image_id: req.image_id.as_deref(),
            ipxe_url: req.ipxe_url.as_deref(),
            name: req.instance_name.as_deref(),
            hostname: req.hostname.as_deref(),
            password: req.password.as_deref(),
            key_id: req.key_id.as_deref().or_else(|| {
                req.ssh_keys
                    .as_ref()
                    .and_then(|k| k.first())
                    .map(String::as_str)
            }),
            subnet_id: req.subnet_id.as_deref(),
            security_group_id: None,
            resource_group_id: req.resource_group_id.as_deref(),
            charge_type: &req.instance_charge_type,
            period: req.instance_charge_prepaid.as_ref().map(|p| p.period),
            internet_charge_type: &req.internet_charge_type,
            bandwidth: req.internet_max_bandwidth_out,
            traffic_package: req.traffic_package_size,
            count: req.amount,
            tags,
            setup: Some(setup),
            creating: true,
        }
    }

    pub async fn create_instances(
        cx: &Cx<'_>,
        req: CreateInstancesRequest,
    ) -> Result<CreateInstancesResponse, ApiError> {
        let tags = tags_of(&req.tags);
        let setup = setup_of(&req);
        let fields = create_fields(&req, &tags, &setup);
        let spec = instance::create_spec(cx.catalog(), cx.service(), &fields)?;
        let created = cx.command(create_op(cx, spec)).await?;
        mark_fault(cx, &created);
        Ok(CreateInstancesResponse {
            instance_id_set: created.instance_ids,
            order_number: cx.version.is_2026().then_some(created.order_number),
        })
    }

    pub async fn describe_instances(
        cx: &Cx<'_>,
        req: DescribeInstancesRequest,
    ) -> Result<DescribeInstancesResponse, ApiError> {
        let ips = cx
            .query(IpBlocks {
                account_id: cx.account_id.to_owned(),
            })
            .await?;
        let held = zenlocal_core::ipview::instance_addresses(&ips.blocks, &ips.bound);
        let filter = InstanceFilter {
            instance_ids: req.instance_ids.as_deref(),
            zone_id: req.zone_id.as_deref(),
            resource_group_id: req.resource_group_id.as_deref(),
            product: req.instance_type_id.as_deref(),
            internet_charge_type: req.internet_charge_type.as_deref(),
            image_id: req.image_id.as_deref(),
            subnet_id: req.subnet_id.as_deref(),
            status: req.instance_status.as_deref(),
            name: req.instance_name.as_deref(),
            hostname: req.hostname.as_deref(),
            public_ips: req.public_ip_addresses.as_deref(),
            held: Some(&held),
            private_ips: req.private_ip_addresses.as_deref(),
            tag_keys: req.tag_keys.as_deref(),
            tags: req.tags.as_deref(),
            page_num: req.page_num,
            page_size: req.page_size,
            ..Default::default()
        };
        let (total_count, page) = filter.select(owned_instances(cx).await?)?;
        let groups = own_groups(cx).await?;
        Ok(DescribeInstancesResponse {
            total_count,
            data_set: page
                .iter()
                .map(|i| {
                    view::bmc_instance_info(cx.catalog(), cx.version, &groups, i, held.get(&i.id))
                })
                .collect(),
        })
    }

    pub async fn inquiry_price_create_instance(
        cx: &Cx<'_>,
        req: InquiryPriceCreateInstanceRequest,
    ) -> Result<InquiryPriceCreateInstanceResponse, ApiError> {
        let fields = CreateFields {
            zone_id: &req.zone_id,
            product: &req.instance_type_id,
            charge_type: &req.instance_charge_type,
            period: req.instance_charge_prepaid.as_ref().map(|p| p.period),
            internet_charge_type: &req.internet_charge_type,
            bandwidth: req.internet_max_bandwidth_out,
            traffic_package: req.traffic_package_size,
            ..Default::default()
        };
        let spec = instance::create_spec(cx.catalog(), cx.service(), &fields)?;
        let discount = cx.account().await?.discount;
        let offer = offer_of(cx, &spec)?;
        Ok(view::bmc_create_inquiry(cx.version, offer, &spec, discount))
    }
}

pub mod vm {
    use super::*;
    pub use super::{release_instances, start_instances, stop_instances, terminate_instance};
    use zenlocal_core::disk::{AskedDisk, AskedDisks};
    use zenlocal_core::model::DiskType;
    use zenlocal_core::view::{self, InstanceFilter};
    use zenlocal_store::ops::images::CheckImage;
    use zenlocal_wire::model::vm::*;

    /// What vm CreateInstances sets that no other rule reads, as given (D-124).
    fn setup_of(req: &CreateInstancesRequest) -> Setup {
        Setup {
            nic: req.nic.clone(),
            cluster_id: req.cluster_id.clone(),
            marketing_options: req.marketing_options.clone(),
            enable_ipv4: req.enable_ipv4,
            enable_ipv6: req.enable_ipv6,
            cpu_pass_through: req.cpu_pass_through,
            init_script: req.init_script.clone(),
            network_mode: req.network_mode.clone(),
            disk_pre_allocated: req.disk_pre_allocated,
            system_disk: req.system_disk.clone(),
            data_disks: req.data_disks.clone(),
            cidr_block_id: req.cidr_block_id.clone(),
            start_cidr_ipv4: req.start_cidr_ipv4.clone(),
            ..Setup::default()
        }
    }

    fn create_fields<'a>(
        req: &'a CreateInstancesRequest,
        tags: &'a [Tag],
        setup: &'a Setup,
    ) -> CreateFields<'a> {
        CreateFields {
            zone_id: &req.zone_id,
            product: &req.instance_type,
            image_id: Some(&req.image_id),
            name: req.instance_name.as_deref(),
            password: req.password.as_deref(),
            key_id: req.key_id.as_deref(),
            subnet_id: req.subnet_id.as_deref(),
            security_group_id: req.security_group_id.as_deref(),
            resource_group_id: req.resource_group_id.as_deref(),
            charge_type: &req.instance_charge_type,
            period: req.instance_charge_prepaid.as_ref().map(|p| p.period),
            internet_charge_type: &req.internet_charge_type,
            bandwidth: req.internet_max_bandwidth_out,
            traffic_package: req.traffic_package_size,
            count: req.instance_count,
            tags,
            setup: Some(setup),
            creating: true,
            ..Default::default()
        }
    }

    /// The system disk and data disks asked for, as sent (D-160).
    fn asked_disks(req: &CreateInstancesRequest) -> AskedDisks {
        let system = req.system_disk.clone().unwrap_or_default();
        AskedDisks {
            system: AskedDisk {
                category: system.disk_category,
                size: system.disk_size,
                amount: None,
                portable: None,
            },
            data: req
                .data_disks
                .iter()
                .flatten()
                .map(|d| AskedDisk {
                    category: d.disk_category.clone(),
                    size: d.disk_size,
                    amount: d.disk_amount,
                    portable: d.portable,
                })
                .collect(),
        }
    }

    pub async fn create_instances(
        cx: &Cx<'_>,
        req: CreateInstancesRequest,
    ) -> Result<CreateInstancesResponse, ApiError> {
        let tags = tags_of(&req.tags);
        let setup = setup_of(&req);
        let fields = create_fields(&req, &tags, &setup);
        let spec = instance::create_spec(cx.catalog(), cx.service(), &fields)?;
        let (created, disks) = cx
            .command(CreateVmInstances {
                create: create_op(cx, spec),
                disks: asked_disks(&req),
            })
            .await?;
        mark_fault(cx, &created);
        // Each instance's data disks (D-160).
        let instances = cx.version.is_2026().then(|| {
            created
                .instance_ids
                .iter()
                .map(|id| CreatedInstance {
                    instance_id: id.clone(),
                    disk_id_set: disks
                        .iter()
                        .filter(|d| d.kind == DiskType::Data && d.paid_with.as_ref() == Some(id))
                        .map(|d| d.id.clone())
                        .collect(),
                })
                .collect()
        });
        Ok(CreateInstancesResponse {
            order_number: Some(created.order_number),
            instance_id_set: created.instance_ids,
            instances,
        })
    }

    pub async fn describe_instances(
        cx: &Cx<'_>,
        req: DescribeInstancesRequest,
    ) -> Result<DescribeInstancesResponse, ApiError> {
        let filter = InstanceFilter {
            instance_ids: req.instance_ids.as_deref(),
            zone_id: req.zone_id.as_deref(),
            resource_group_id: req.resource_group_id.as_deref(),
            product: req.instance_type.as_deref(),
            internet_charge_type: req.internet_charge_type.as_deref(),
            image_id: req.image_id.as_deref(),
            key_id: req.key_id.as_deref(),
            subnet_id: req.subnet_id.as_deref(),
            security_group_id: req.security_group_id.as_deref(),
            status: req.instance_status.as_deref(),
            name: req.instance_name.as_deref(),
            public_ips: req.public_ip_addresses.as_deref(),
            private_ips: req.private_ip_addresses.as_deref(),
            tag_keys: req.tag_keys.as_deref(),
            tags: req.tags.as_deref(),
            page_num: req.page_num,
            page_size: req.page_size,
            ..Default::default()
        };
        let (total_count, page) = filter.select(owned_instances(cx).await?)?;
        let images = crate::handlers::images::own_images(cx).await?;
        let groups = own_groups(cx).await?;
        Ok(DescribeInstancesResponse {
            total_count,
            data_set: page
                .iter()
                .map(|i| view::vm_instance_info(cx.catalog(), &images, &groups, i))
                .collect(),
        })
    }

    pub async fn inquiry_price_create_instance(
        cx: &Cx<'_>,
        req: InquiryPriceCreateInstanceRequest,
    ) -> Result<InquiryPriceCreateInstanceResponse, ApiError> {
        let fields = CreateFields {
            zone_id: &req.zone_id,
            product: &req.instance_type,
            image_id: req.image_id.as_deref(),
            charge_type: &req.instance_charge_type,
            period: req.instance_charge_prepaid.as_ref().map(|p| p.period),
            internet_charge_type: &req.internet_charge_type,
            bandwidth: req.internet_max_bandwidth_out,
            traffic_package: req.traffic_package_size,
            count: req.instance_count,
            ..Default::default()
        };
        let spec = instance::create_spec(cx.catalog(), cx.service(), &fields)?;
        if let Some(image_id) = &spec.image_id {
            cx.query(CheckImage {
                catalog: cx.app.catalog.clone(),
                account_id: cx.account_id.to_owned(),
                zone_id: spec.zone_id.clone(),
                image_id: image_id.clone(),
            })
            .await?;
        }
        let discount = cx.account().await?.discount;
        let offer = offer_of(cx, &spec)?;
        Ok(view::vm_create_inquiry(cx.version, offer, &spec, discount))
    }
}
