/* Prints, one per line, the ISA paths this machine supports below the best one,
 * so that build.sh can run the managed test suite once per forced path. */
#include <stdio.h>

#include "kernellib.h"

int main(void) {
  int32_t best = -1;
  for (int32_t isa = 0; isa < KL_ISA_COUNT; ++isa) {
    if (kl_isa_supported(isa)) best = isa;
  }
  for (int32_t isa = 0; isa < best; ++isa) {
    if (kl_isa_supported(isa)) printf("%s\n", kl_isa_name(isa));
  }
  return 0;
}
