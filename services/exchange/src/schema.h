// exchange's migrations (migrations/*.sql), compiled in by CMake.
#pragma once

#include <vector>

#include "contactcenter/db/migrations.h"

namespace contactcenter::db {
const std::vector<Migration>& ExchangeMigrations();
}  // namespace contactcenter::db
