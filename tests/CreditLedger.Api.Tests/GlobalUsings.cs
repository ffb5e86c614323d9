global using System.Net;
global using CreditLedger.Api.Tests.Hosts;
global using CreditLedger.Api.Tests.Support;
