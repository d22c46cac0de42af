//! SQLite snapshots (D-190): saved with the online backup API in one step, so the copy
//! is one consistent read of the database, next to the database file as
//! `<database>.snapshots/<name>.db` (written to a temporary name, then renamed, so a
//! snapshot is there whole or not at all); an in-memory store keeps its snapshots in
//! memory. Restoring runs on the writer as one command: every table emptied and refilled
//! from the snapshot, in the writer's transaction, so readers see the old state or the
//! new one and nothing between.

use super::{not_found, other_schema, quoted, SnapshotInfo, KEPT};
use crate::ops::LoadClock;
use crate::sql::Counters;
use crate::sqlite::SqliteConn;
use crate::statements::SqlTx;
use crate::{Op, StoreError};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{params, Connection, OpenFlags};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;
use zenlocal_core::Timestamp;

/// Where a SQLite store keeps its snapshots.
pub enum Snapshots {
    /// Files in this directory.
    Files(PathBuf),
    /// An in-memory store's, lost with it.
    Memory(Mutex<HashMap<String, (SnapshotInfo, Connection)>>),
}

impl Snapshots {
    pub fn beside(database: &Path) -> Snapshots {
        let mut dir = database.as_os_str().to_owned();
        dir.push(".snapshots");
        Snapshots::Files(PathBuf::from(dir))
    }

    pub fn memory() -> Snapshots {
        Snapshots::Memory(Mutex::new(HashMap::new()))
    }

    fn file(dir: &Path, name: &str) -> PathBuf {
        dir.join(format!("{name}.db"))
    }

    /// Keeps `copy` (a whole copy of the store, just made) as snapshot `name`, replacing
    /// one of that name (D-189).
    pub fn keep(&self, name: &str, copy: Copy) -> Result<SnapshotInfo, StoreError> {
        let info = copy.info.clone();
        match (self, copy.conn) {
            (Snapshots::Files(dir), Held::File(temporary)) => {
                std::fs::rename(&temporary, Self::file(dir, name)).map_err(io)?;
            }
            (Snapshots::Memory(map), Held::Memory(conn)) => {
                lock(map).insert(name.to_owned(), (info.clone(), conn));
            }
            _ => return Err(StoreError::internal("a snapshot copy of the wrong kind")),
        }
        Ok(info)
    }

    /// A connection to fill with a copy of the store, for snapshot `name`.
    pub fn target(&self, name: &str) -> Result<(Connection, Option<PathBuf>), StoreError> {
        match self {
            Snapshots::Files(dir) => {
                std::fs::create_dir_all(dir).map_err(io)?;
                let temporary = dir.join(format!(".{name}.saving"));
                let _ = std::fs::remove_file(&temporary);
                Ok((Connection::open(&temporary)?, Some(temporary)))
            }
            Snapshots::Memory(_) => Ok((Connection::open_in_memory()?, None)),
        }
    }

    pub fn list(&self) -> Result<Vec<SnapshotInfo>, StoreError> {
        let mut all = match self {
            Snapshots::Files(dir) => {
                let entries = match std::fs::read_dir(dir) {
                    Ok(entries) => entries,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
                    Err(e) => return Err(io(e)),
                };
                let mut all = Vec::new();
                for entry in entries {
                    let path = entry.map_err(io)?.path();
                    let Some(name) = path
                        .file_name()
                        .and_then(|n| n.to_str())
                        .and_then(|n| n.strip_suffix(".db"))
                    else {
                        continue;
                    };
                    if super::check_name(name).is_ok() {
                        all.push(read_info(&open_read_only(&path)?)?);
                    }
                }
                all
            }
            Snapshots::Memory(map) => lock(map).values().map(|(i, _)| i.clone()).collect(),
        };
        all.sort_by(|a, b| (a.created_at, &a.name).cmp(&(b.created_at, &b.name)));
        Ok(all)
    }

    pub fn delete(&self, name: &str) -> Result<(), StoreError> {
        match self {
            Snapshots::Files(dir) => match std::fs::remove_file(Self::file(dir, name)) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(not_found(name)),
                Err(e) => Err(io(e)),
            },
            Snapshots::Memory(map) => match lock(map).remove(name) {
                Some(_) => Ok(()),
                None => Err(not_found(name)),
            },
        }
    }

    /// Replaces the content of `main` (the writer's connection, inside its transaction)
    /// with snapshot `name`'s.
    pub fn restore_into(&self, main: &Connection, name: &str) -> Result<SnapshotInfo, StoreError> {
        match self {
            Snapshots::Files(dir) => {
                let path = Self::file(dir, name);
                if !path.exists() {
                    return Err(not_found(name));
                }
                let snapshot = open_read_only(&path)?;
                copy_tables(&snapshot, main, name)?;
                read_info(&snapshot)
            }
            Snapshots::Memory(map) => {
                let map = lock(map);
                let (info, snapshot) = map.get(name).ok_or_else(|| not_found(name))?;
                copy_tables(snapshot, main, name)?;
                Ok(info.clone())
            }
        }
    }
}

/// A whole copy of the store, made and labelled, not yet kept.
pub struct Copy {
    info: SnapshotInfo,
    conn: Held,
}

enum Held {
    File(PathBuf),
    Memory(Connection),
}

/// Copies `source` whole into `target` and labels it with `name`, the real time and the
/// simulated now it holds. A file store's copy is made from a reader's connection in one
/// step of the online backup (one consistent read); an in-memory store's from the writer's
/// connection, inside its transaction (where the backup cannot read), table by table.
pub fn copy(
    source: &Connection,
    mut target: Connection,
    temporary: Option<PathBuf>,
    name: &str,
) -> Result<Copy, StoreError> {
    if temporary.is_some() {
        backup(source, &mut target)?;
    } else {
        replicate(source, &target, name)?;
    }
    let clock = LoadClock
        .run(&mut SqlTx::new(SqliteConn {
            conn: &target,
            work: &Counters::default(),
        }))?
        .ok_or_else(|| StoreError::internal("the store holds no clock"))?;
    let real = crate::real_now();
    let info = SnapshotInfo {
        name: name.to_owned(),
        created_at: real,
        now: clock.now(real),
    };
    target.execute_batch(
        "CREATE TABLE zenlocal_snapshot (name TEXT NOT NULL, created_at BIGINT NOT NULL,
                                         simulated_at BIGINT NOT NULL)",
    )?;
    target.execute(
        "INSERT INTO zenlocal_snapshot VALUES (?1, ?2, ?3)",
        params![info.name, info.created_at.0, info.now.0],
    )?;
    let conn = match temporary {
        Some(path) => {
            drop(target);
            Held::File(path)
        }
        None => Held::Memory(target),
    };
    Ok(Copy { info, conn })
}

/// How long a backup waits for a source that is busy before giving up.
const BACKUP_PATIENCE: Duration = Duration::from_secs(5);

fn backup(source: &Connection, target: &mut Connection) -> Result<(), StoreError> {
    let backup = Backup::new(source, target)?;
    let started = std::time::Instant::now();
    loop {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            _ if started.elapsed() > BACKUP_PATIENCE => {
                return Err(StoreError::Unavailable(
                    "the database stayed busy while a snapshot was being saved".into(),
                ))
            }
            _ => std::thread::sleep(Duration::from_millis(5)),
        }
    }
}

/// Makes `target` a copy of `source`: the schema as `source`'s catalogue holds it, the
/// migrations applied, then every table's rows.
fn replicate(source: &Connection, target: &Connection, name: &str) -> Result<(), StoreError> {
    // The copy is checked whole when restored; here rows arrive table by table.
    target.execute_batch("PRAGMA foreign_keys = OFF")?;
    let mut statement = source.prepare(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'
         ORDER BY type <> 'table', rowid",
    )?;
    let schema = statement.query_map([], |r| r.get::<_, String>(0))?;
    for sql in schema {
        target.execute_batch(&sql?)?;
    }
    for version in versions(source)? {
        target.execute(
            "INSERT INTO schema_migrations (version) VALUES (?1)",
            params![version],
        )?;
    }
    copy_tables(source, target, name)
}

fn read_info(snapshot: &Connection) -> Result<SnapshotInfo, StoreError> {
    Ok(snapshot.query_row(
        "SELECT name, created_at, simulated_at FROM zenlocal_snapshot",
        [],
        |r| {
            Ok(SnapshotInfo {
                name: r.get(0)?,
                created_at: Timestamp(r.get(1)?),
                now: Timestamp(r.get(2)?),
            })
        },
    )?)
}

fn open_read_only(path: &Path) -> Result<Connection, StoreError> {
    Ok(Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?)
}

fn versions(conn: &Connection) -> Result<Vec<i64>, StoreError> {
    let mut statement = conn.prepare("SELECT version FROM schema_migrations ORDER BY version")?;
    let rows = statement.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The store's tables, as its catalogue lists them, less [`KEPT`] and SQLite's own.
fn tables(conn: &Connection) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
    )?;
    let names = statement.query_map([], |r| r.get::<_, String>(0))?;
    let mut tables = Vec::new();
    for name in names {
        let name = name?;
        if !KEPT.contains(&name.as_str()) {
            tables.push(name);
        }
    }
    Ok(tables)
}

fn columns(conn: &Connection, table: &str) -> Result<Vec<String>, StoreError> {
    let mut statement = conn.prepare(&format!("PRAGMA table_info({})", quoted(table)))?;
    let names = statement.query_map([], |r| r.get::<_, String>(1))?;
    Ok(names.collect::<Result<_, _>>()?)
}

/// Empties every table of `main` and fills it from `snapshot`, the AUTOINCREMENT
/// counters too; foreign keys are checked at commit, when every table is whole again.
fn copy_tables(snapshot: &Connection, main: &Connection, name: &str) -> Result<(), StoreError> {
    if versions(snapshot)? != versions(main)? {
        return Err(other_schema(name));
    }
    let tables = tables(main)?;
    main.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    for table in &tables {
        main.execute(&format!("DELETE FROM {}", quoted(table)), [])?;
    }
    for table in &tables {
        let columns = columns(main, table)?;
        let list = columns
            .iter()
            .map(|c| quoted(c))
            .collect::<Vec<_>>()
            .join(", ");
        let marks = vec!["?"; columns.len()].join(", ");
        let mut read = snapshot.prepare(&format!("SELECT {list} FROM {}", quoted(table)))?;
        let mut write = main.prepare(&format!(
            "INSERT INTO {} ({list}) VALUES ({marks})",
            quoted(table)
        ))?;
        let mut rows = read.query([])?;
        while let Some(row) = rows.next()? {
            let values = (0..columns.len())
                .map(|i| row.get::<_, rusqlite::types::Value>(i))
                .collect::<Result<Vec<_>, _>>()?;
            write.execute(rusqlite::params_from_iter(values))?;
        }
    }
    let has_sequences = |c: &Connection| -> Result<bool, StoreError> {
        Ok(c.query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_sequence'",
            [],
            |r| r.get::<_, i64>(0),
        )? > 0)
    };
    if has_sequences(main)? {
        main.execute("DELETE FROM sqlite_sequence", [])?;
        if has_sequences(snapshot)? {
            let mut read = snapshot.prepare("SELECT name, seq FROM sqlite_sequence")?;
            let mut rows = read.query([])?;
            while let Some(row) = rows.next()? {
                main.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES (?1, ?2)",
                    params![row.get::<_, String>(0)?, row.get::<_, i64>(1)?],
                )?;
            }
        }
    }
    Ok(())
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Unavailable(format!("snapshot files: {e}"))
}
