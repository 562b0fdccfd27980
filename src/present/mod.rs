//! Presentation: the theme, the views templates see, the markup made in Rust, and rendering.

pub mod chart;
pub mod fragments;
pub mod render;
pub mod theme;
pub mod views;
