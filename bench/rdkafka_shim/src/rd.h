#include "../rd.h"
