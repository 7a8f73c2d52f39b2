//! Import: other formats into the model, and the model back into idiomatic `.lvs`.
//!
//! `ipvsadm` reads `ipvsadm-save` / `ipvsadm -S` text (what `import` converts and what
//! `plan --against` compares with); `lvs_writer` writes a model as a `.lvs` file.

pub mod ipvsadm;
pub mod lvs_writer;
