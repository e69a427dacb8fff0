// UTF-8 checks shared by every layer that takes text from people.
#ifndef SESAME_CORE_UTF8_H_
#define SESAME_CORE_UTF8_H_

#include <cstddef>
#include <string_view>

namespace sesame {

// True for well-formed UTF-8: no overlong forms, surrogates or values past
// U+10FFFF.
bool IsValidUtf8(std::string_view s);
// Number of code points in valid UTF-8.
size_t Utf8Length(std::string_view s);

}  // namespace sesame

#endif  // SESAME_CORE_UTF8_H_
