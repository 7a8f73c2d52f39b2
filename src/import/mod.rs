//! Import: other formats into the model.
//!
//! `detect` tells the formats apart by structure. `keepalived` reads the virtual servers
//! of a keepalived.conf; `ipvsadm` reads `ipvsadm-save` / `ipvsadm -S` text (what `import`
//! converts and what `plan --against` compares with), `ipvsadm -L -n` output (`listing`)
//! and shell scripts of ipvsadm commands (`shell`); `json` reads a compiled model back (what `plan` and
//! `apply` take in place of a `.lvs` file). Writing a model as `.lvs` is `emit::lvs`.

pub mod detect;
pub mod ipvsadm;
pub mod json;
pub mod keepalived;
pub mod listing;
pub mod shell;
