using Veil.Samples.CkksBasics;

// dotnet run -c Release --project samples/ckks-basics
CkksBasicsSample.Run(Console.Out);
