# The suite's entry point on Windows / PowerShell; the same verbs as run.sh.
#   ./run.ps1                 default job      ./run.ps1 test          the test suite
#   ./run.ps1 bench [...]     BenchmarkDotNet  ./run.ps1 analyze|compare|prompts|models|generate|meters ...
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
New-Item -ItemType Directory -Force -Path artifacts/logs | Out-Null

function Build-Project([string]$project) {
    $log = 'artifacts/logs/build.log'
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
    $log = 'artifacts/logs/test.log'
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
