// A small RFC 4180 CSV reader for `sesame account import`.
#ifndef SESAME_CLI_CSV_H_
#define SESAME_CLI_CSV_H_

#include <string>
#include <vector>

namespace sesame {

struct CsvRow {
  int line = 0;  // 1-based line where the row starts
  std::vector<std::string> fields;
  std::string error;  // non-empty when the row could not be read
};

// Splits `text` into rows; quoted fields may hold commas, quotes ("") and
// newlines. Blank lines are skipped.
std::vector<CsvRow> ParseCsv(const std::string& text);

}  // namespace sesame

#endif  // SESAME_CLI_CSV_H_
