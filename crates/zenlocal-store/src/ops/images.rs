//! Commands and queries of vm custom images (docs/decisions.md D-173 to D-176). Each
//! command locks the caller's account first (D-110), so concurrent CreateImage calls
//! cannot both take the zone's last free place.

use super::accounts::caller_account;
use super::instances::load_one;
use super::{now, write_changes, Op};
use crate::{StoreError, Tx};
use std::sync::Arc;
use zenlocal_core::image::{self, Image, NewImage};
use zenlocal_core::instance::CreateSpec;
use zenlocal_core::model::Timings;
use zenlocal_core::Catalog;
use zenlocal_wire::Service;

/// CreateImage; answers the new image's ID.
pub struct CreateImage {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub instance_id: String,
    pub name: String,
    pub description: Option<String>,
    pub timings: Timings,
}

impl Op for CreateImage {
    type Output = String;
    fn run<T: Tx>(self, tx: &mut T) -> Result<String, StoreError> {
        let now = now(tx, &self.account_id)?;
        let asked = NewImage {
            name: &self.name,
            description: self.description.as_deref(),
        };
        image::check_new(asked)?;
        caller_account(tx, &self.account_id)?;
        let instance = load_one(tx, &self.account_id, Service::Vm, &self.instance_id)?;
        let images = tx.images(&self.account_id)?;
        let (made, changes) = image::create(
            &self.catalog,
            instance,
            &images,
            asked,
            zenlocal_wire::ids::image_id(),
            self.timings,
            now,
        )?;
        tx.put_image(&made)?;
        write_changes(tx, &changes)?;
        Ok(made.id)
    }
}

/// The caller's custom images, deleted ones included.
pub struct Images {
    pub account_id: String,
}

impl Op for Images {
    type Output = Vec<Image>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<Image>, StoreError> {
        tx.images(&self.account_id)
    }
}

/// ModifyImagesAttributes: all of them or none (D-175).
pub struct ModifyImages {
    pub account_id: String,
    pub ids: Vec<String>,
    pub name: Option<String>,
    pub description: Option<String>,
}

impl Op for ModifyImages {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        caller_account(tx, &self.account_id)?;
        let images = tx.images(&self.account_id)?;
        let changed = image::modify(
            &images,
            &self.ids,
            self.name.as_deref(),
            self.description.as_deref(),
        )?;
        changed.iter().try_for_each(|i| tx.put_image(i))
    }
}

/// DeleteImages: all of them or none (D-175).
pub struct DeleteImages {
    pub account_id: String,
    pub ids: Vec<String>,
}

impl Op for DeleteImages {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        let now = now(tx, &self.account_id)?;
        caller_account(tx, &self.account_id)?;
        let images = tx.images(&self.account_id)?;
        let deleted = image::delete(&images, &self.ids, now)?;
        deleted.iter().try_for_each(|i| tx.put_image(i))
    }
}

/// The image a vm instance of `account_id` in `zone_id` is installed from must be the
/// catalog's or one of the account's AVAILABLE custom images of that zone (D-176); for
/// CreateInstances and ResetInstance, inside their own transaction.
pub fn check_image<T: Tx>(
    tx: &mut T,
    catalog: &Catalog,
    account_id: &str,
    zone_id: &str,
    image_id: &str,
) -> Result<(), StoreError> {
    let custom = tx.image(image_id)?;
    image::usable(catalog, custom.as_ref(), account_id, zone_id, image_id)?;
    Ok(())
}

/// What a vm CreateInstances installs, checked in its transaction once its request passed
/// (D-172, D-176): the image, then the key pair.
pub(super) fn check_vm_create<T: Tx>(
    tx: &mut T,
    catalog: &Catalog,
    account_id: &str,
    spec: &CreateSpec,
) -> Result<(), StoreError> {
    if let Some(image_id) = &spec.image_id {
        check_image(tx, catalog, account_id, &spec.zone_id, image_id)?;
    }
    if let Some(key_id) = &spec.key_id {
        super::key_pairs::check_key(tx, account_id, key_id)?;
    }
    Ok(())
}

/// A read of [`check_image`], for InquiryPriceCreateInstance (D-176).
pub struct CheckImage {
    pub catalog: Arc<Catalog>,
    pub account_id: String,
    pub zone_id: String,
    pub image_id: String,
}

impl Op for CheckImage {
    type Output = ();
    fn run<T: Tx>(self, tx: &mut T) -> Result<(), StoreError> {
        check_image(
            tx,
            &self.catalog,
            &self.account_id,
            &self.zone_id,
            &self.image_id,
        )
    }
}

/// The imaging time of an image is over (D-173).
pub(super) fn apply_ready<T: Tx>(
    tx: &mut T,
    image_id: &str,
    instance_id: &str,
) -> Result<(), StoreError> {
    let image = tx.image(image_id)?;
    let instance = tx.instance(instance_id)?;
    let (image, instance) = image::ready(image, instance);
    if let Some(made) = image {
        tx.put_image(&made)?;
    }
    if let Some(stopped) = instance {
        tx.put_instance(&stopped)?;
    }
    Ok(())
}
