//! Learning a house style from a corpus of approved documents.
