//! `lvsc dump`: the live IPVS table as a `.lvs` file, ipvsadm-save text, or JSON.

use super::output::write_output;
use super::Outcome;
use crate::arguments::DumpFormat;
use crate::emit::{emit, EmitOptions, Target};
use crate::import::lvs_writer;
use crate::kernel::{dump::dump, Connection};

pub fn run(format: DumpFormat) -> Outcome {
    let live = match Connection::open().and_then(|mut c| dump(&mut c)) {
        Ok(live) => live,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let text = match format {
        DumpFormat::Lvs => lvs_writer::write(&live.config, &["The live IPVS table, dumped by lvsc.".to_string()]),
        DumpFormat::Ipvsadm => emit(&live.config, Target::Ipvsadm, &EmitOptions::default()).unwrap_or_default(),
        DumpFormat::Json => emit(&live.config, Target::Json, &EmitOptions::default()).unwrap_or_default(),
    };
    match write_output(None, &text) {
        Ok(()) => Outcome::Success,
        Err(message) => Outcome::Failed(message),
    }
}
