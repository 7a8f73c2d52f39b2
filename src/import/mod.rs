//! Import: other formats into the model, and the model back into idiomatic `.lvs`.
//!
//! `keepalived` reads the virtual servers of a keepalived.conf; `ipvsadm` reads `ipvsadm-save` / `ipvsadm -S` text (what `import` converts and what
//! `plan --against` compares with); `json` reads a compiled model back (what `plan` and
//! `apply` take in place of a `.lvs` file); `lvs_writer` writes a model as a `.lvs` file.

pub mod ipvsadm;
pub mod json;
pub mod keepalived;
pub mod lvs_writer;
