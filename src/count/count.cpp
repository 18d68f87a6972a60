// Anchor translation unit so cw_count always has a source; the counting rules live beside it.
namespace cw::count {}
