global using CreditLedger.Api.Tests.Infrastructure;
global using System.Net;
