//! vm custom images (docs/decisions.md D-173 to D-176): made from a STOPPED instance's
//! system disk, CREATING for the imaging time while the instance is IMAGING, then
//! AVAILABLE; counted per account and zone against the zone's quota; installable by
//! CreateInstances (and ResetInstance) in their zone, by their account only.

use crate::catalog::Catalog;
use crate::keypair::check_description;
use crate::model::{Changes, EventKind, Instance, InstanceStatus, Timings};
use crate::{codes, ApiError, Timestamp};
use zenlocal_wire::model::vm;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageStatus {
    Creating,
    Available,
}

crate::names::named!(ImageStatus, "image status" {
    Creating => "CREATING",
    Available => "AVAILABLE",
});

/// The `imageType` of every image an account makes.
pub const CUSTOM_IMAGE: &str = "CUSTOM_IMAGE";

/// One custom image of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub id: String,
    pub account_id: String,
    pub zone_id: String,
    pub name: String,
    pub description: Option<String>,
    pub status: ImageStatus,
    /// What it installs, as the image of its instance did (D-173).
    pub category: String,
    pub os_type: String,
    pub version: String,
    /// GB.
    pub size: i64,
    /// The instance it was made from.
    pub instance_id: String,
    pub created_at: Timestamp,
    /// Set by DeleteImages. A deleted image is gone for every action, but the instances
    /// installed from it still show its name, and images made of those still know what it
    /// installs (D-175).
    pub deleted_at: Option<Timestamp>,
}

impl Image {
    pub fn is_live(&self) -> bool {
        self.deleted_at.is_none()
    }

    pub fn info(&self) -> vm::ImageInfo {
        vm::ImageInfo {
            image_id: self.id.clone(),
            image_name: self.name.clone(),
            image_type: CUSTOM_IMAGE.to_owned(),
            image_size: self.size.to_string(),
            image_description: self.description.clone(),
            image_version: self.version.clone(),
            image_status: self.status.name().to_owned(),
            category: self.category.clone(),
            os_type: self.os_type.clone(),
        }
    }
}

/// The custom images DescribeImages lists (D-176): the live ones of `zone_id` (of every
/// zone when none is asked), newest first.
pub fn listed(images: &[Image], zone_id: Option<&str>) -> Vec<vm::ImageInfo> {
    let mut live: Vec<&Image> = images
        .iter()
        .filter(|i| i.is_live() && zone_id.is_none_or(|z| z == i.zone_id))
        .collect();
    live.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(a.id.cmp(&b.id)));
    live.into_iter().map(Image::info).collect()
}

/// Whether an image ID has the shape of a custom image's (`img-…`, D-176): such an ID that
/// the catalog lacks is looked up among the account's images.
pub fn is_custom_id(id: &str) -> bool {
    id.starts_with("img-")
}

/// What an image installs, whichever kind it is.
struct Origin<'a> {
    name: &'a str,
    category: &'a str,
    os_type: &'a str,
    version: &'a str,
    size: i64,
}

/// The catalog's image `id`, or one of `images` (an account's, deleted ones included).
fn origin<'a>(catalog: &'a Catalog, images: &'a [Image], id: &str) -> Option<Origin<'a>> {
    if let Some(i) = catalog.vm.images.iter().find(|i| i.id == id) {
        return Some(Origin {
            name: &i.name,
            category: &i.category,
            os_type: &i.os_type,
            version: &i.version,
            size: i.size,
        });
    }
    images.iter().find(|i| i.id == id).map(|i| Origin {
        name: &i.name,
        category: &i.category,
        os_type: &i.os_type,
        version: &i.version,
        size: i.size,
    })
}

/// The name DescribeInstances shows for the image an instance was installed from.
pub fn name_of<'a>(catalog: &'a Catalog, images: &'a [Image], id: &str) -> Option<&'a str> {
    origin(catalog, images, id).map(|o| o.name)
}

/// D-173: 2 to 24 letters, digits, Chinese characters, `-` and `_` (CreateImage page:
/// "up to 24"; Terraform's `zenlayercloud_image` asks at least 2).
pub fn check_name(field: &str, name: &str) -> Result<(), ApiError> {
    let chinese = |c: char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}');
    let ok = (2..=24).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_') || chinese(c));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "`{field}` must be 2 to 24 letters, digits, Chinese characters, `-` or `_`"
        )))
    }
}

/// What CreateImage asks for.
#[derive(Debug, Clone, Copy)]
pub struct NewImage<'a> {
    pub name: &'a str,
    pub description: Option<&'a str>,
}

/// The checks of CreateImage that need no instance, made before it is looked up.
pub fn check_new(asked: NewImage<'_>) -> Result<(), ApiError> {
    check_name("imageName", asked.name)?;
    check_description("imageDescription", asked.description)
}

/// CreateImage (D-173, D-174), once [`check_new`] passed and the instance was found among
/// the caller's: the zone must make images, the instance be STOPPED, the zone's quota have
/// room. `images` are the account's, deleted ones included. The instance is IMAGING and
/// the image CREATING for the imaging time (with none, the image is AVAILABLE at once).
pub fn create(
    catalog: &Catalog,
    mut instance: Instance,
    images: &[Image],
    asked: NewImage<'_>,
    id: String,
    timings: Timings,
    now: Timestamp,
) -> Result<(Image, Changes), ApiError> {
    let quota = catalog
        .vm_zone(&instance.zone_id)
        .map_or(0, |z| z.image_quota);
    if quota == 0 {
        return Err(ApiError::new(
            codes::UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT,
            format!("zone `{}` makes no custom images", instance.zone_id),
        ));
    }
    match instance.status {
        InstanceStatus::Stopped => {}
        InstanceStatus::Recycle => {
            return Err(ApiError::new(
                codes::UNSUPPORTED_OPERATION_DISK_UNAVAILABLE,
                format!(
                    "instance `{}` is in the recycle bin: its system disk cannot be imaged",
                    instance.id
                ),
            ))
        }
        InstanceStatus::Imaging => {
            return Err(ApiError::new(
                codes::UNSUPPORTED_OPERATION_DISK_MAKING_IMAGE,
                format!("an image of instance `{}` is being made", instance.id),
            ))
        }
        other => {
            return Err(ApiError::new(
                codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING,
                format!(
                    "instance `{}` is {}: stop it before making an image",
                    instance.id,
                    other.name()
                ),
            ))
        }
    }
    let origin = instance
        .image_id
        .as_deref()
        .and_then(|from| origin(catalog, images, from))
        .ok_or_else(|| {
            ApiError::new(
                codes::UNSUPPORTED_OPERATION_DISK_UNAVAILABLE,
                format!(
                    "the system disk of instance `{}` holds no image this catalog knows",
                    instance.id
                ),
            )
        })?;
    let count = images
        .iter()
        .filter(|i| i.is_live() && i.zone_id == instance.zone_id)
        .count();
    if count as i64 >= quota {
        return Err(ApiError::new(
            codes::LIMIT_EXCEEDED_IMAGE_QUOTA,
            format!(
                "the account has {count} custom images in zone `{}`, the most it may have",
                instance.zone_id
            ),
        ));
    }
    let mut image = Image {
        id,
        account_id: instance.account_id.clone(),
        zone_id: instance.zone_id.clone(),
        name: asked.name.to_owned(),
        description: asked.description.map(str::to_owned),
        status: ImageStatus::Available,
        category: origin.category.to_owned(),
        os_type: origin.os_type.to_owned(),
        version: origin.version.to_owned(),
        // The system disk's size: the size of the image it was installed from.
        size: origin.size,
        instance_id: instance.id.clone(),
        created_at: now,
        deleted_at: None,
    };
    let mut changes = Changes::default();
    if timings.imaging > 0 {
        image.status = ImageStatus::Creating;
        instance.status = InstanceStatus::Imaging;
        changes.events.push((
            now.plus(timings.imaging),
            EventKind::ImageReady {
                account_id: instance.account_id.clone(),
                instance_id: instance.id.clone(),
                image_id: image.id.clone(),
            },
        ));
        changes.instances.push(instance);
    }
    Ok((image, changes))
}

/// The imaging time is over (D-173): a CREATING image becomes AVAILABLE and an IMAGING
/// instance STOPPED; answers what changed. An instance that moved on meanwhile (to the
/// recycle bin, or released) keeps where it is.
pub fn ready(
    image: Option<Image>,
    instance: Option<Instance>,
) -> (Option<Image>, Option<Instance>) {
    let image = image
        .filter(|i| i.status == ImageStatus::Creating)
        .map(|mut i| {
            i.status = ImageStatus::Available;
            i
        });
    let instance = instance
        .filter(|i| i.status == InstanceStatus::Imaging)
        .map(|mut i| {
            i.status = InstanceStatus::Stopped;
            i
        });
    (image, instance)
}

/// DescribeImageQuota (D-174): per zone asked (every zone that makes images when none
/// is), the account's live custom images there and the zone's quota.
pub fn quota(
    catalog: &Catalog,
    images: &[Image],
    zone_ids: Option<&[String]>,
) -> Result<vm::DescribeImageQuotaResponse, ApiError> {
    let zones: Vec<&crate::catalog::VmZone> = match zone_ids {
        Some(ids) => {
            let mut zones: Vec<&crate::catalog::VmZone> = Vec::new();
            for id in ids {
                let zone = catalog.vm_zone(id).ok_or_else(|| {
                    ApiError::new(
                        codes::INVALID_REGION_NOT_FOUND,
                        format!("zone `{id}` does not exist"),
                    )
                })?;
                if !zones.iter().any(|z| z.id == zone.id) {
                    zones.push(zone);
                }
            }
            zones
        }
        None => catalog
            .vm
            .zones
            .iter()
            .filter(|z| z.image_quota > 0)
            .collect(),
    };
    Ok(vm::DescribeImageQuotaResponse {
        images: zones
            .into_iter()
            .map(|z| vm::ImageQuotaInfo {
                zone_id: z.id.clone(),
                count: images
                    .iter()
                    .filter(|i| i.is_live() && i.zone_id == z.id)
                    .count() as i64,
                max_count: z.image_quota,
            })
            .collect(),
    })
}

fn not_found(id: &str) -> ApiError {
    ApiError::new(
        codes::INVALID_IMAGE_NOT_FOUND,
        format!("custom image `{id}` does not exist"),
    )
}

/// The custom images a Modify or Delete names (D-175): 1 to 100 IDs, each a live image
/// among `images` (one account's), then each AVAILABLE; all of them, or an error.
fn to_change(images: &[Image], ids: &[String]) -> Result<Vec<Image>, ApiError> {
    if ids.is_empty() || ids.len() > 100 {
        return Err(ApiError::invalid_parameter(
            "`imageIds` must name 1 to 100 images",
        ));
    }
    let mut unique = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let found = unique
        .iter()
        .map(|id| {
            images
                .iter()
                .find(|i| &i.id == id && i.is_live())
                .ok_or_else(|| not_found(id))
        })
        .collect::<Result<Vec<&Image>, ApiError>>()?;
    if let Some(busy) = found.iter().find(|i| i.status != ImageStatus::Available) {
        return Err(ApiError::new(
            codes::INVALID_IMAGE_STATUS,
            format!(
                "custom image `{}` is {}; only AVAILABLE images can be changed or deleted",
                busy.id,
                busy.status.name()
            ),
        ));
    }
    Ok(found.into_iter().cloned().collect())
}

/// ModifyImagesAttributes (D-175): the given name and description, on every image named.
pub fn modify(
    images: &[Image],
    ids: &[String],
    name: Option<&str>,
    description: Option<&str>,
) -> Result<Vec<Image>, ApiError> {
    if let Some(name) = name {
        check_name("imageName", name)?;
    }
    check_description("imageDescription", description)?;
    let mut changed = to_change(images, ids)?;
    for image in &mut changed {
        if let Some(name) = name {
            image.name = name.to_owned();
        }
        if let Some(text) = description {
            image.description = Some(text.to_owned());
        }
    }
    Ok(changed)
}

/// DeleteImages (D-175): the images named are deleted at `now`, freeing their quota.
pub fn delete(images: &[Image], ids: &[String], now: Timestamp) -> Result<Vec<Image>, ApiError> {
    let mut deleted = to_change(images, ids)?;
    for image in &mut deleted {
        image.deleted_at = Some(now);
    }
    Ok(deleted)
}

/// Whether image `id` may be installed on an instance of `account_id` in `zone_id`
/// (D-176): one of the catalog's, or `custom`, what the store holds under `id`. Another
/// account's image, another zone's and a deleted one are reported as missing; a CREATING
/// one is not ready yet.
pub fn usable(
    catalog: &Catalog,
    custom: Option<&Image>,
    account_id: &str,
    zone_id: &str,
    id: &str,
) -> Result<(), ApiError> {
    if catalog.vm.images.iter().any(|i| i.id == id) {
        return Ok(());
    }
    let image = custom
        .filter(|i| i.account_id == account_id && i.zone_id == zone_id && i.is_live())
        .ok_or_else(|| {
            ApiError::new(
                codes::INVALID_IMAGE_NOT_FOUND,
                format!("image `{id}` does not exist in zone `{zone_id}`"),
            )
        })?;
    if image.status != ImageStatus::Available {
        return Err(ApiError::new(
            codes::INVALID_IMAGE_STATUS,
            format!(
                "custom image `{id}` is {}; it can be installed once AVAILABLE",
                image.status.name()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::Account;
    use crate::instance::{self, CreateFields};
    use crate::model::Ids;
    use rust_decimal::Decimal;
    use zenlocal_wire::Service;

    const ZONE: &str = "asia-east-1a";

    struct Fixed;

    impl Ids for Fixed {
        fn instance_id(&mut self) -> String {
            "7".into()
        }
        fn order_number(&mut self) -> String {
            "1000000000000001".into()
        }
        fn disk_id(&mut self) -> String {
            "300000000000000001".into()
        }
    }

    /// A vm instance of account 1 bought through CreateInstances' own rules, stopped.
    fn stopped() -> Instance {
        let c = Catalog::builtin();
        let fields = CreateFields {
            zone_id: ZONE,
            product: "c.1c2g",
            image_id: Some("ubuntu_22_04_x64"),
            password: Some("Passw0rd-x"),
            charge_type: "POSTPAID",
            internet_charge_type: "ByBandwidth",
            creating: true,
            ..Default::default()
        };
        let spec = instance::create_spec(&c, Service::Vm, &fields).unwrap();
        let account = Account {
            id: "1".into(),
            name: "a".into(),
            balance: Decimal::ZERO,
            discount: Decimal::ONE_HUNDRED,
            created_at: Timestamp(0),
        };
        let timings = Timings {
            provisioning: 0,
            ..Timings::default()
        };
        let (changes, _) =
            instance::create(&c, &account, &spec, 1, timings, &mut Fixed, Timestamp(0)).unwrap();
        let mut i = changes.instances[0].clone();
        i.status = InstanceStatus::Stopped;
        i
    }

    fn image(id: &str, zone: &str, status: ImageStatus) -> Image {
        Image {
            id: id.into(),
            account_id: "1".into(),
            zone_id: zone.into(),
            name: "web".into(),
            description: None,
            status,
            category: "Ubuntu".into(),
            os_type: "linux".into(),
            version: "22.04".into(),
            size: 20,
            instance_id: "7".into(),
            created_at: Timestamp(1),
            deleted_at: None,
        }
    }

    fn ask(name: &str) -> NewImage<'_> {
        NewImage {
            name,
            description: Some("nightly"),
        }
    }

    /// D-173.
    #[test]
    fn names_take_letters_digits_chinese_dashes_and_underscores() {
        for good in ["ab", "web_01", "镜像-1", &"x".repeat(24)] {
            assert!(check_name("imageName", good).is_ok(), "{good}");
        }
        for bad in ["a", "web 01", "web.01", &"x".repeat(25)] {
            let e = check_name("imageName", bad).unwrap_err();
            assert_eq!(e.code, codes::INVALID_PARAMETER, "{bad}");
            assert!(e.message.contains("imageName"));
        }
        let long = "d".repeat(256);
        let e = check_new(NewImage {
            name: "ok",
            description: Some(&long),
        })
        .unwrap_err();
        assert!(e.message.contains("imageDescription"));
    }

    /// D-173: the image copies what the instance's image installs; the instance is
    /// IMAGING until the image is made.
    #[test]
    fn an_image_of_a_stopped_instance_is_creating_while_the_instance_is_imaging() {
        let c = Catalog::builtin();
        let timings = Timings::default();
        let (made, changes) = create(
            &c,
            stopped(),
            &[],
            ask("web"),
            "img-1".into(),
            timings,
            Timestamp(100),
        )
        .unwrap();
        assert_eq!(made.status, ImageStatus::Creating);
        assert_eq!(
            (made.category.as_str(), made.os_type.as_str(), made.size),
            ("Ubuntu", "linux", 20)
        );
        assert_eq!(made.info().image_size, "20");
        assert_eq!(made.info().image_type, "CUSTOM_IMAGE");
        assert_eq!(changes.instances[0].status, InstanceStatus::Imaging);
        let (due, event) = &changes.events[0];
        assert_eq!(*due, Timestamp(100 + timings.imaging));
        assert!(
            matches!(event, EventKind::ImageReady { instance_id, .. } if instance_id == "7"),
            "{event:?}"
        );
        let (image, instance) = ready(Some(made), changes.instances.first().cloned());
        assert_eq!(image.unwrap().status, ImageStatus::Available);
        assert_eq!(instance.unwrap().status, InstanceStatus::Stopped);
        // Nothing left to do for an image made already or an instance gone elsewhere.
        let mut recycled = stopped();
        recycled.status = InstanceStatus::Recycle;
        assert_eq!(
            ready(
                Some(image_of("img-2", ImageStatus::Available)),
                Some(recycled)
            ),
            (None, None)
        );
    }

    fn image_of(id: &str, status: ImageStatus) -> Image {
        image(id, ZONE, status)
    }

    #[test]
    fn with_no_imaging_time_the_image_is_available_at_once() {
        let c = Catalog::builtin();
        let timings = Timings {
            imaging: 0,
            ..Timings::default()
        };
        let (made, changes) = create(
            &c,
            stopped(),
            &[],
            ask("web"),
            "img-1".into(),
            timings,
            Timestamp(1),
        )
        .unwrap();
        assert_eq!(made.status, ImageStatus::Available);
        assert_eq!(changes, Changes::default());
    }

    /// D-173, D-174: zone, then the instance's state, then the quota.
    #[test]
    fn create_refuses_in_order_zone_state_quota() {
        let c = Catalog::builtin();
        let t = Timings::default();
        let refuse = |instance: Instance, images: &[Image]| {
            create(
                &c,
                instance,
                images,
                ask("web"),
                "img-9".into(),
                t,
                Timestamp(1),
            )
            .unwrap_err()
            .code
        };
        let mut far = stopped();
        far.zone_id = "na-west-1a".into();
        far.status = InstanceStatus::Running;
        assert_eq!(
            refuse(far, &[]),
            codes::UNSUPPORTED_OPERATION_ZONE_NOT_SUPPORT
        );
        for (status, code) in [
            (
                InstanceStatus::Running,
                codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING,
            ),
            (
                InstanceStatus::Booting,
                codes::UNSUPPORTED_OPERATION_INSTANCE_STATE_STARTING,
            ),
            (
                InstanceStatus::Imaging,
                codes::UNSUPPORTED_OPERATION_DISK_MAKING_IMAGE,
            ),
            (
                InstanceStatus::Recycle,
                codes::UNSUPPORTED_OPERATION_DISK_UNAVAILABLE,
            ),
        ] {
            let mut i = stopped();
            i.status = status;
            assert_eq!(refuse(i, &[]), code, "{status:?}");
        }
        let full: Vec<Image> = (0..5)
            .map(|n| image_of(&format!("img-{n}"), ImageStatus::Creating))
            .collect();
        assert_eq!(refuse(stopped(), &full), codes::LIMIT_EXCEEDED_IMAGE_QUOTA);
        // Deleted images and other zones' free the quota.
        let mut freed = full.clone();
        freed[0].deleted_at = Some(Timestamp(1));
        freed[1].zone_id = "asia-southeast-1a".into();
        assert!(create(
            &c,
            stopped(),
            &freed,
            ask("web"),
            "img-9".into(),
            t,
            Timestamp(1)
        )
        .is_ok());
    }

    /// D-173: an image of an instance installed from a custom image, deleted since,
    /// installs what that one did.
    #[test]
    fn an_image_of_an_image_keeps_its_origin() {
        let c = Catalog::builtin();
        let mut gone = image_of("img-old", ImageStatus::Available);
        gone.category = "Debian".into();
        gone.size = 40;
        gone.deleted_at = Some(Timestamp(5));
        let mut i = stopped();
        i.image_id = Some("img-old".into());
        let (made, _) = create(
            &c,
            i.clone(),
            std::slice::from_ref(&gone),
            ask("web"),
            "img-new".into(),
            Timings::default(),
            Timestamp(9),
        )
        .unwrap();
        assert_eq!((made.category.as_str(), made.size), ("Debian", 40));
        assert_eq!(name_of(&c, &[gone], "img-old"), Some("web"));
        i.image_id = Some("img-unknown".into());
        let e = create(
            &c,
            i,
            &[],
            ask("web"),
            "x".into(),
            Timings::default(),
            Timestamp(9),
        );
        assert_eq!(
            e.unwrap_err().code,
            codes::UNSUPPORTED_OPERATION_DISK_UNAVAILABLE
        );
    }

    /// D-174.
    #[test]
    fn the_quota_counts_live_images_per_zone() {
        let c = Catalog::builtin();
        let mut gone = image_of("img-2", ImageStatus::Available);
        gone.deleted_at = Some(Timestamp(3));
        let images = [image_of("img-1", ImageStatus::Creating), gone];
        let all = quota(&c, &images, None).unwrap().images;
        assert!(all.iter().all(|q| q.zone_id != "na-west-1a"));
        let hk = all.iter().find(|q| q.zone_id == ZONE).unwrap();
        assert_eq!((hk.count, hk.max_count), (1, 5));
        let asked = [ZONE.to_owned(), "na-west-1a".to_owned(), ZONE.to_owned()];
        let some = quota(&c, &images, Some(&asked)).unwrap().images;
        assert_eq!(some.len(), 2);
        assert_eq!((some[1].count, some[1].max_count), (0, 0));
        let e = quota(&c, &images, Some(&["nowhere".to_owned()])).unwrap_err();
        assert_eq!(e.code, codes::INVALID_REGION_NOT_FOUND);
    }

    /// D-175: all or nothing; unknown and deleted are 404, CREATING 400.
    #[test]
    fn modify_and_delete_take_available_images_only() {
        let mut gone = image_of("img-gone", ImageStatus::Available);
        gone.deleted_at = Some(Timestamp(2));
        let images = [
            image_of("img-a", ImageStatus::Available),
            image_of("img-b", ImageStatus::Creating),
            gone,
        ];
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let renamed = modify(&images, &ids(&["img-a", "img-a"]), Some("new"), None).unwrap();
        assert_eq!(renamed.len(), 1);
        assert_eq!(
            (renamed[0].name.as_str(), renamed[0].description.as_ref()),
            ("new", None)
        );
        for (list, code) in [
            (
                ids(&["img-a", "ubuntu_22_04_x64"]),
                codes::INVALID_IMAGE_NOT_FOUND,
            ),
            (ids(&["img-gone"]), codes::INVALID_IMAGE_NOT_FOUND),
            (ids(&["img-b", "img-zz"]), codes::INVALID_IMAGE_NOT_FOUND),
            (ids(&["img-a", "img-b"]), codes::INVALID_IMAGE_STATUS),
            (Vec::new(), codes::INVALID_PARAMETER),
        ] {
            assert_eq!(
                delete(&images, &list, Timestamp(9)).unwrap_err().code,
                code,
                "{list:?}"
            );
        }
        let bad_name = modify(&images, &ids(&["img-zz"]), Some("a b"), None).unwrap_err();
        assert_eq!(bad_name.code, codes::INVALID_PARAMETER);
        let deleted = delete(&images, &ids(&["img-a"]), Timestamp(9)).unwrap();
        assert_eq!(deleted[0].deleted_at, Some(Timestamp(9)));
    }

    /// D-176.
    #[test]
    fn an_image_is_usable_by_its_account_in_its_zone_once_available() {
        let c = Catalog::builtin();
        assert!(usable(&c, None, "1", ZONE, "debian_12_x64").is_ok());
        let ready = image_of("img-a", ImageStatus::Available);
        assert!(usable(&c, Some(&ready), "1", ZONE, "img-a").is_ok());
        let mut gone = ready.clone();
        gone.deleted_at = Some(Timestamp(2));
        for (image, account, zone) in [
            (None, "1", ZONE),
            (Some(&ready), "2", ZONE),
            (Some(&ready), "1", "asia-southeast-1a"),
            (Some(&gone), "1", ZONE),
        ] {
            let e = usable(&c, image, account, zone, "img-a").unwrap_err();
            assert_eq!(e.code, codes::INVALID_IMAGE_NOT_FOUND);
        }
        let creating = image_of("img-a", ImageStatus::Creating);
        let e = usable(&c, Some(&creating), "1", ZONE, "img-a").unwrap_err();
        assert_eq!(e.code, codes::INVALID_IMAGE_STATUS);
        assert!(is_custom_id("img-a") && !is_custom_id("ubuntu_22_04_x64"));
    }
}
