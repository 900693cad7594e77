using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Veil.Compare.Tests;

/// <summary>
/// Debian's Chromium and chromedriver under Selenium, both given by path so Selenium Manager never downloads a browser
/// or a driver, headless, with a fresh profile that is deleted on disposal, and the browser's console log recorded.
/// </summary>
internal sealed class HeadlessChromium : IDisposable
{
    public const string Browser = "/usr/bin/chromium";
    public const string DriverDirectory = "/usr/bin";
    public const string DriverName = "chromedriver";

    private readonly string _profile;

    public HeadlessChromium(int width, int height)
    {
        _profile = Directory.CreateTempSubdirectory("veil-chromium-").FullName;
        ChromeDriverService service = ChromeDriverService.CreateDefaultService(DriverDirectory, DriverName);
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = Browser };
        options.AddArguments(
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", $"--user-data-dir={_profile}", $"--window-size={width},{height}");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        try
        {
            Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(90));
        }
        catch
        {
            service.Dispose();
            Directory.Delete(_profile, recursive: true);
            throw;
        }
    }

    /// <summary>Whether this machine has the browser and the driver.</summary>
    public static bool Installed => File.Exists(Browser) && File.Exists(Path.Combine(DriverDirectory, DriverName));

    public ChromeDriver Driver { get; }

    /// <summary>The console entries logged since the last call, at level SEVERE (errors).</summary>
    public IReadOnlyList<string> ConsoleErrors() =>
        Driver.Manage().Logs.GetLog(LogType.Browser).Where(e => e.Level == LogLevel.Severe).Select(e => e.Message).ToList();

    /// <summary>Saves the whole page, not just the window, as a PNG: the window is made as tall as the document first.</summary>
    public void SaveFullPageScreenshot(string path, int width)
    {
        long height = (long)Driver.ExecuteScript("return Math.ceil(document.documentElement.scrollHeight);")!;
        Driver.Manage().Window.Size = new System.Drawing.Size(width, (int)Math.Min(height + 40, 16_000));
        Driver.GetScreenshot().SaveAsFile(path);
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // The browser may still be releasing its profile; the temporary directory is left to the OS.
        }
    }
}
