// The page's stylesheet and script (page/timeline.css and page/timeline.js),
// embedded at build time by embed_assets.cmake.
#pragma once

namespace store::view {

extern const char kTimelineCss[];
extern const char kTimelineJs[];

}  // namespace store::view
