// Anchor translation unit so cw_geo always has a source.
namespace cw::geo {}
