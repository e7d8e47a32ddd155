/* placeholder while being written */
#include <criterion/criterion.h>
