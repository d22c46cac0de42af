//! Instances' public traffic (docs/decisions.md D-130 to D-133): recording it through the
//! control plane, and what the monitoring actions read.

use super::instances::load_owned;
use super::{now, write_changes, Op};
use crate::{StoreError, Tx};
use zenlocal_core::instance;
use zenlocal_core::model::{Changes, Instance, TrafficSegment};
use zenlocal_core::traffic::{self, Record, Usage};
use zenlocal_core::{codes, ApiError, Timestamp};
use zenlocal_wire::Service;

/// `POST /_zenlocal/instances/{id}/traffic` (D-130): records traffic on any account's
/// instance at the simulated now; answers the period's usage.
pub struct RecordTraffic {
    pub instance_id: String,
    pub record: Record,
}

impl Op for RecordTraffic {
    type Output = Usage;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Usage, StoreError> {
        traffic::check(&self.record)?;
        let mut instance = tx.instance(&self.instance_id)?.ok_or_else(|| {
            ApiError::new(
                codes::INVALID_INSTANCE_NOT_FOUND,
                format!("instance `{}` does not exist", self.instance_id),
            )
        })?;
        let now = now(tx, &instance.account_id)?;
        let stretches = traffic::record(&mut instance, &self.record, now)?;
        let usage = traffic::usage(&instance);
        let changes = Changes {
            instances: vec![instance],
            traffic: stretches,
            ..Changes::default()
        };
        write_changes(tx, &changes)?;
        Ok(usage)
    }
}

/// What a monitoring action reads (D-132, D-133): `now`, the caller's instance of the
/// service, and the stretches of its traffic over the window, once the window is checked.
pub struct MonitoringInputs {
    pub account_id: String,
    pub service: Service,
    pub instance_id: String,
    pub start_time: String,
    pub end_time: String,
}

/// `now`, the window, the instance and its stretches in the window.
pub type Monitored = (
    Timestamp,
    (Timestamp, Timestamp),
    Instance,
    Vec<TrafficSegment>,
);

impl Op for MonitoringInputs {
    type Output = Monitored;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Monitored, StoreError> {
        let now = now(tx, &self.account_id)?;
        let window = traffic::window(&self.start_time, &self.end_time, now)?;
        let mut found = load_owned(
            tx,
            &self.account_id,
            self.service,
            std::slice::from_ref(&self.instance_id),
        )?;
        let instance = found.remove(0);
        // The five minutes before the first point count towards it.
        let stretches = tx.traffic(&instance.id, window.0.plus(-traffic::STEP), window.1)?;
        Ok((now, window, instance, stretches))
    }
}

/// bmc DescribeInstancesMonitorHealth (D-133): the caller's instances, 1 to 100, every
/// one checked before any is answered (D-21), in the order asked.
pub struct HealthInputs {
    pub account_id: String,
    pub ids: Vec<String>,
}

impl Op for HealthInputs {
    type Output = Vec<Instance>;
    fn run<T: Tx>(self, tx: &mut T) -> Result<Vec<Instance>, StoreError> {
        let sorted = instance::batch_ids(&self.ids)?;
        let found = load_owned(tx, &self.account_id, Service::Bmc, &sorted)?;
        let mut asked = Vec::new();
        for id in &self.ids {
            if !asked.iter().any(|i: &Instance| &i.id == id) {
                asked.extend(found.iter().find(|i| &i.id == id).cloned());
            }
        }
        Ok(asked)
    }
}
