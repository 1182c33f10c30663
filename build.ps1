# KernelLib build driver for Windows (also runs under PowerShell on Linux/macOS).
#   ./build.ps1                 build native + managed, then run the demo
#   ./build.ps1 test            build, then run every test; ends with "N passed, N failed"
#   ./build.ps1 bench [filter]  run the BenchmarkDotNet suite
param(
    [Parameter(Position = 0)][string]$Command = "demo",
    [Parameter(Position = 1, ValueFromRemainingArguments = $true)][string[]]$Rest = @()
)
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot

$Config = "Release"
$NativeBuild = "build/native"

function Invoke-Checked([string]$exe, [string[]]$argv) {
    & $exe @argv
    if ($LASTEXITCODE -ne 0) { throw "$exe $($argv -join ' ') failed with exit code $LASTEXITCODE" }
}

function Build-Native {
    Invoke-Checked cmake @("-S", ".", "-B", $NativeBuild, "-DCMAKE_BUILD_TYPE=$Config")
    Invoke-Checked cmake @("--build", $NativeBuild, "--config", $Config, "-j", "$([Environment]::ProcessorCount)")
}

function Build-Managed { Invoke-Checked dotnet @("build", "KernelLib.sln", "-c", $Config, "-nologo", "-v", "quiet") }

$script:Passed = 0
$script:Failed = 0

function Add-Counts([string[]]$log, [string]$pattern, [scriptblock]$toCounts) {
    $line = $log | Select-String -Pattern $pattern | Select-Object -Last 1
    if (-not $line) { $script:Failed++; return }
    $p, $f = & $toCounts $line.Matches[0]
    $script:Passed += $p; $script:Failed += $f
}

function Invoke-DotnetTests([string]$label) {
    Write-Host "== xunit ($label)"
    $log = & dotnet test tests/KernelLib.Tests.csproj -c $Config --no-build -nologo 2>&1 | ForEach-Object { "$_" }
    $log | Select-String -Pattern '^(Passed!|Failed!)|\[FAIL\]' | ForEach-Object { Write-Host $_ }
    Add-Counts $log 'Failed: +(\d+), Passed: +(\d+)' { param($m) [int]$m.Groups[2].Value, [int]$m.Groups[1].Value }
}

switch ($Command) {
    "demo" {
        Build-Native; Build-Managed
        Invoke-Checked dotnet @("run", "--project", "samples/KernelLib.Demo", "-c", $Config, "--no-build")
    }
    "test" {
        Build-Native; Build-Managed
        Write-Host "== ctest (every ISA path this machine has, against the scalar path)"
        $log = & ctest --test-dir $NativeBuild -C $Config --output-on-failure 2>&1 | ForEach-Object { "$_" }
        $log | ForEach-Object { Write-Host $_ }
        Add-Counts $log '(\d+) tests? failed out of (\d+)' { param($m) ([int]$m.Groups[2].Value - [int]$m.Groups[1].Value), [int]$m.Groups[1].Value }
        Invoke-DotnetTests "native, best ISA"
        $isaList = Get-ChildItem -Path $NativeBuild -Recurse -Filter "kl_isa_list*" | Where-Object { -not $_.PSIsContainer } | Select-Object -First 1
        foreach ($isa in (& $isaList.FullName)) {
            $env:KERNELLIB_ISA = $isa
            try { Invoke-DotnetTests "native, KERNELLIB_ISA=$isa" } finally { Remove-Item Env:KERNELLIB_ISA }
        }
        $env:KERNELLIB_DISABLE_NATIVE = "1"
        try { Invoke-DotnetTests "managed only, KERNELLIB_DISABLE_NATIVE=1" } finally { Remove-Item Env:KERNELLIB_DISABLE_NATIVE }
        Write-Host "$($script:Passed) passed, $($script:Failed) failed"
        if ($script:Failed -ne 0) { exit 1 }
    }
    "bench" {
        Build-Native
        $filter = if ($Rest.Count -gt 0) { $Rest[0] } else { "*" }
        $extra = if ($Rest.Count -gt 1) { $Rest[1..($Rest.Count - 1)] } else { @() }
        Invoke-Checked dotnet (@("run", "--project", "bench/KernelLib.Benchmarks.csproj", "-c", $Config, "--", "--filter", $filter) + $extra)
    }
    default { Write-Error "usage: ./build.ps1 [test | bench [filter] [BenchmarkDotNet args]]"; exit 2 }
}
