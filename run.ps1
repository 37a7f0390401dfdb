# The suite's entry point on Windows / PowerShell; the same verbs as run.sh.
#   ./run.ps1                 default job      ./run.ps1 test          the test suite
#   ./run.ps1 bench [...]     BenchmarkDotNet  ./run.ps1 run|meters|analyze|compare|merge|prompts|models|generate ...
#   ./run.ps1 --help          every verb, one line each (the same list as ./run.sh --help)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot
$env:BENCH_ROOT = $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    Write-Error "the .NET 10 SDK is needed and 'dotnet' is not on PATH (install it: https://dotnet.microsoft.com/download)"
    exit 2
}

$configuration = 'Release'
$logs = 'artifacts/logs'
try {
    New-Item -ItemType Directory -Force -Path $logs -ErrorAction Stop | Out-Null
    [IO.File]::WriteAllText((Join-Path $logs '.write-test'), '')
    Remove-Item (Join-Path $logs '.write-test')
} catch {
    # A read-only checkout: the logs go to a temporary folder, so that a build that works is never reported as failed.
    $logs = Join-Path ([IO.Path]::GetTempPath()) 'energybench-logs'
    New-Item -ItemType Directory -Force -Path $logs | Out-Null
    Write-Host "note: artifacts/ is not writable; build logs go to $logs"
}

function Build-Project([string]$project) {
    $log = Join-Path $logs 'build.log'
    dotnet build $project -c $configuration -nologo *> $log
    if ($LASTEXITCODE -ne 0) {
        Select-String -Path $log -Pattern ' error ' | Select-Object -First 20 | ForEach-Object { Write-Host $_.Line }
        Write-Error "build failed; the whole log is in $log"
        exit 1
    }
}

if ($args.Count -gt 0 -and $args[0] -eq 'test') {
    Build-Project 'Benchmarks.sln'
    $rest = @($args | Select-Object -Skip 1)
    $log = Join-Path $logs 'test.log'
    dotnet test Benchmarks.sln -c $configuration --no-build -nologo @rest 2>&1 | Tee-Object -FilePath $log
    $status = $LASTEXITCODE
    $passed = 0; $failed = 0; $skipped = 0
    foreach ($line in Get-Content $log) {
        if ($line -match 'Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+)') {
            $failed += [int]$Matches[1]; $passed += [int]$Matches[2]; $skipped += [int]$Matches[3]
        }
    }
    Write-Host "tests: $passed passed, $failed failed, $skipped skipped"
    exit $status
}

Build-Project 'bench/EnergyBench/EnergyBench.csproj'
dotnet "bench/EnergyBench/bin/$configuration/net10.0/EnergyBench.dll" @args
exit $LASTEXITCODE
