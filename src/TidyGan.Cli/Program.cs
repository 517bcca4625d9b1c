TidyGan.Runtime.NativeSetup.Apply();
return 0;
