window.YTD.account.part0 = [
  {
    "account" : {
      "email" : "post@kommune.example",
      "createdVia" : "web",
      "username" : "Kommune_Test",
      "accountId" : "1000000000000000001",
      "createdAt" : "2012-01-01T00:00:00.000Z",
      "accountDisplayName" : "Test Kommune"
    }
  }
]