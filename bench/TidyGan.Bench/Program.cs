TidyGan.Runtime.NativeSetup.Apply();
Console.WriteLine("bench: placeholder");
