//! `lvsc dump`: the live IPVS table as a `.lvs` file, ipvsadm-save text, or JSON.

use super::output::write_output;
use super::Outcome;
use crate::cli::arguments::DumpFormat;
use lvsc::emit::lvs;
use lvsc::emit::{emit, Target};
use lvsc::kernel::dump::{dump, Cores};
use lvsc::kernel::Connection;

pub fn run(format: DumpFormat) -> Outcome {
    let live = match Connection::open().and_then(|mut c| dump(&mut c, Cores::Free)) {
        Ok(live) => live,
        Err(e) => return Outcome::Failed(e.to_string()),
    };
    let text = match format {
        DumpFormat::Lvs => lvs::write(&live.config, &["The live IPVS table, dumped by lvsc.".to_string()]),
        DumpFormat::Ipvsadm => emit(&live.config, Target::Ipvsadm),
        DumpFormat::Json => emit(&live.config, Target::Json),
    };
    match write_output(None, &text) {
        Ok(()) => Outcome::Success,
        Err(message) => Outcome::Failed(message),
    }
}
