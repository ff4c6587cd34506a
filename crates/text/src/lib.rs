//! The text layer of hoptac: everything about a document's characters, and
//! nothing about files, databases or the network.
//!
//! - [`Span`]: a half-open byte range into the raw text, the unit of
//!   provenance. Every fact hoptac keeps points into the text as read.
//! - [`fold`]: the matching key (lower case, no diacritics, đ→d, one space,
//!   no space around dashes) and [`Folded`], which maps every folded byte
//!   back to the raw range it came from, so matches found on folded text
//!   are exact raw spans. [`normalize_vietnamese`] unifies tone placement
//!   ("hoà" = "hòa") when diacritics must be kept.
//! - [`sentences`] and [`tokens`]: splitting tuned for Vietnamese news.
//! - [`detect`]: Vietnamese or English.
//!
//! Invariant: no function here changes the raw text; all of them return
//! spans into it or derived strings.
#![deny(missing_docs)]

pub mod fold;
pub mod lang;
pub mod sentences;
pub mod span;
pub mod tokens;

pub use fold::{fold, name_key, nfc, normalize_vietnamese, Folded};
pub use lang::{detect, paragraph_langs, Lang};
pub use sentences::sentences;
pub use span::{trim_span, Span};
pub use tokens::{tokens, Token, TokenKind};
