//! Import: other formats into the model.
//!
//! `keepalived` reads the virtual servers of a keepalived.conf; `ipvsadm` reads `ipvsadm-save` / `ipvsadm -S` text (what `import` converts and what
//! `plan --against` compares with); `json` reads a compiled model back (what `plan` and
//! `apply` take in place of a `.lvs` file). Writing a model as `.lvs` is `emit::lvs`.

pub mod ipvsadm;
pub mod json;
pub mod keepalived;
pub mod shell;
