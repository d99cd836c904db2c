#include "kernel.h"

static enum kernel_isa isa_chosen = KERNEL_ISA_AUTO;

static bool isa_supported(enum kernel_isa isa)
{
    switch (isa) {
    case KERNEL_ISA_AUTO:
    case KERNEL_ISA_PORTABLE:
        return true;
#if KLX_KERNEL_X86
    case KERNEL_ISA_AVX2:
        return __builtin_cpu_supports("avx2");
    case KERNEL_ISA_AVX512:
        return __builtin_cpu_supports("avx512f") &&
               __builtin_cpu_supports("avx512dq") &&
               __builtin_cpu_supports("avx512vl");
#else
    case KERNEL_ISA_AVX2:
    case KERNEL_ISA_AVX512:
        return false;
#endif
    }
    return false;
}

static enum kernel_isa isa_resolve(void)
{
    if (isa_chosen == KERNEL_ISA_AUTO) {
        if (isa_supported(KERNEL_ISA_AVX512))
            isa_chosen = KERNEL_ISA_AVX512;
        else if (isa_supported(KERNEL_ISA_AVX2))
            isa_chosen = KERNEL_ISA_AVX2;
        else
            isa_chosen = KERNEL_ISA_PORTABLE;
    }
    return isa_chosen;
}

bool kernel_set_isa(enum kernel_isa isa)
{
    if (!isa_supported(isa))
        return false;
    isa_chosen = isa;
    return true;
}

enum kernel_isa kernel_isa(void)
{
    return isa_resolve();
}

const char *kernel_isa_name(enum kernel_isa isa)
{
    switch (isa) {
    case KERNEL_ISA_AUTO: return "auto";
    case KERNEL_ISA_PORTABLE: return "portable";
    case KERNEL_ISA_AVX2: return "avx2";
    case KERNEL_ISA_AVX512: return "avx512";
    }
    return "?";
}
