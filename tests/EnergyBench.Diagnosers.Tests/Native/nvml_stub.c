/* A stand-in for libnvidia-ml.so.1 that the tests compile with the machine's C compiler, so the suite's own NVML
   binding is exercised for real (symbol lookup, calling convention, struct layout) without a GPU. nvmlInit_v2 reads
   a script of key=value lines from the file named by NVML_STUB_SCRIPT: return codes and values for each entry point.
   The energy counter advances by energy_step_mj on every read. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct { int index; } device_t;

static device_t devices[8];
static int init_rc, count_rc, handle_rc, name_rc, energy_rc, power_rc, util_rc, mem_rc;
static unsigned int count = 1, power_mw = 0, util_gpu = 0, util_mem = 0;
static unsigned long long energy_mj = 0, energy_step_mj = 0, mem_total = 0, mem_used = 0;
static char name[96] = "Stub GPU";

static void load_script(void) {
    const char *path = getenv("NVML_STUB_SCRIPT");
    FILE *file = path ? fopen(path, "r") : NULL;
    char line[256];
    init_rc = count_rc = handle_rc = name_rc = energy_rc = power_rc = util_rc = mem_rc = 0;
    count = 1; power_mw = util_gpu = util_mem = 0;
    energy_mj = energy_step_mj = mem_total = mem_used = 0;
    strcpy(name, "Stub GPU");
    if (!file) return;
    while (fgets(line, sizeof line, file)) {
        char *eq = strchr(line, '=');
        if (!eq) continue;
        *eq = 0;
        char *value = eq + 1;
        value[strcspn(value, "\r\n")] = 0;
        unsigned long long n = strtoull(value, NULL, 10);
        if (!strcmp(line, "init_rc")) init_rc = (int)n;
        else if (!strcmp(line, "count")) count = (unsigned int)n;
        else if (!strcmp(line, "count_rc")) count_rc = (int)n;
        else if (!strcmp(line, "handle_rc")) handle_rc = (int)n;
        else if (!strcmp(line, "name")) { strncpy(name, value, sizeof name - 1); name[sizeof name - 1] = 0; }
        else if (!strcmp(line, "energy_rc")) energy_rc = (int)n;
        else if (!strcmp(line, "energy_start_mj")) energy_mj = n;
        else if (!strcmp(line, "energy_step_mj")) energy_step_mj = n;
        else if (!strcmp(line, "power_rc")) power_rc = (int)n;
        else if (!strcmp(line, "power_mw")) power_mw = (unsigned int)n;
        else if (!strcmp(line, "util_rc")) util_rc = (int)n;
        else if (!strcmp(line, "util_gpu")) util_gpu = (unsigned int)n;
        else if (!strcmp(line, "util_mem")) util_mem = (unsigned int)n;
        else if (!strcmp(line, "mem_rc")) mem_rc = (int)n;
        else if (!strcmp(line, "mem_total")) mem_total = n;
        else if (!strcmp(line, "mem_used")) mem_used = n;
    }
    fclose(file);
}

int nvmlInit_v2(void) { load_script(); return init_rc; }
int nvmlShutdown(void) { return 0; }
int nvmlDeviceGetCount_v2(unsigned int *out) { *out = count; return count_rc; }

int nvmlDeviceGetHandleByIndex_v2(unsigned int index, device_t **out) {
    if (index >= count || index >= 8) return 2; /* INVALID_ARGUMENT */
    devices[index].index = (int)index;
    *out = &devices[index];
    return handle_rc;
}

int nvmlDeviceGetName(device_t *device, char *out, unsigned int length) {
    if (name_rc) return name_rc;
    snprintf(out, length, "%s #%d", name, device->index);
    return 0;
}

int nvmlDeviceGetTotalEnergyConsumption(device_t *device, unsigned long long *out) {
    (void)device;
    if (energy_rc) return energy_rc;
    energy_mj += energy_step_mj;
    *out = energy_mj;
    return 0;
}

int nvmlDeviceGetPowerUsage(device_t *device, unsigned int *out) { (void)device; *out = power_mw; return power_rc; }

int nvmlDeviceGetUtilizationRates(device_t *device, nvmlUtilization_t *out) {
    (void)device;
    out->gpu = util_gpu;
    out->memory = util_mem;
    return util_rc;
}

int nvmlDeviceGetMemoryInfo(device_t *device, nvmlMemory_t *out) {
    (void)device;
    out->total = mem_total;
    out->used = mem_used;
    out->free = mem_total - mem_used;
    return mem_rc;
}

const char *nvmlErrorString(int result) {
    switch (result) {
        case 0: return "Success";
        case 3: return "Not Supported";
        case 4: return "Insufficient Permissions";
        case 9: return "Driver Not Loaded";
        default: return "Unknown Error";
    }
}
