window.YTD.profile.part0 = [
  {
    "profile" : {
      "description" : {
        "bio" : "Nyheder fra Test Kommune",
        "website" : "https://t.co/x",
        "location" : "Danmark"
      },
      "avatarMediaUrl" : "https://pbs.twimg.com/profile_images/1/Avatar.jpg",
      "headerMediaUrl" : "https://pbs.twimg.com/profile_banners/1/1"
    }
  }
]