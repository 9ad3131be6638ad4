window.YTD.tweets.part1 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "1800000000000000000"
          ],
          "editableUntil" : "2023-01-01T00:00:00.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : false
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : {
        "hashtags" : [],
        "symbols" : [],
        "user_mentions" : [],
        "urls" : []
      },
      "display_text_range" : [
        "0",
        "35"
      ],
      "favorite_count" : "2",
      "id_str" : "1800000000000000000",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "1800000000000000000",
      "created_at" : "Tue Feb 28 09:00:00 +0000 2023",
      "favorited" : false,
      "full_text" : "Vores første opslag &gt; velkommen!",
      "lang" : "und"
    }
  }
]