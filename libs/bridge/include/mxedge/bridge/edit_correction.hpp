#pragma once
// Rendering a Matrix edit for IRC the way IRC users correct themselves.
#include <string>
#include <string_view>

namespace mxedge::bridge {

// What IRC gets for an edit of `old_body` into `new_body`.
//
// Both texts are compared as single lines: the longest common prefix, moved back to the start
// of a word, and the longest common suffix (not overlapping it), moved forward to the end of a
// word, leave one changed run `removed` (in the old text) and `added` (in the new), each with
// surrounding spaces trimmed. The edit is *terse* when neither text has a line break, the texts
// differ, and:
// - `removed` is empty (pure insertion): the correction is "* <added>";
// - otherwise: `removed` occurs exactly once in the old text and neither run holds '/', and the
//   correction is "s/<removed>/<added>/";
// and in both cases the correction is shorter than the new text. A terse edit returns the
// correction; any other edit returns `new_body` unchanged.
std::string RenderEdit(std::string_view old_body, std::string_view new_body);

}  // namespace mxedge::bridge
